import type { Change, ChangeReport } from "./change.ts";

const EFFECT_LABEL = {
  compile: { mark: "❌", label: "breaks: stops compiling" },
  runtime: { mark: "⚠️", label: "warning: still compiles, may fail at run time" },
  none: { mark: "✅", label: "fine" },
} as const;
const GRAVITY = { compile: 2, runtime: 1, none: 0 } as const;

/** The change report as a person reads it in a pull request: breaking changes first, per operation. */
export function renderMarkdown(report: ChangeReport): string {
  const { summary } = report;
  const lines = [
    "## Changes for callers of the typed client",
    "",
    `Comparing \`${report.old}\` → \`${report.new}\`: **${summary.changes} change(s), ${summary.breaking} breaking, ${summary.warnings} warning(s)**` +
      ` (${summary.operationsAdded} operation(s) added, ${summary.operationsRemoved} removed).`,
    "",
  ];
  if (report.changes.length === 0) return [...lines, "No change a caller can feel.", ""].join("\n");
  const byOperation = new Map<string, Change[]>();
  for (const change of report.changes)
    byOperation.set(change.operation, [...(byOperation.get(change.operation) ?? []), change]);
  const gravest = (changes: Change[]) => Math.max(...changes.map((change) => GRAVITY[change.effect]));
  const order = [...byOperation.entries()].sort(([a, x], [b, y]) => gravest(y) - gravest(x) || a.localeCompare(b));
  for (const [operation, changes] of order) {
    lines.push(
      `### ${operation === "*" ? "Servers and security" : `\`${operation}\``}`,
      "",
      "| | Where | Change | For callers |",
      "|---|---|---|---|",
    );
    const sorted = [...changes].sort((a, b) => GRAVITY[b.effect] - GRAVITY[a.effect]);
    for (const change of sorted) {
      const { mark, label } = EFFECT_LABEL[change.effect];
      lines.push(
        `| ${mark} | ${cell(change.location)} | ${cell(`${change.kind}: ${change.detail}`)} | ${cell(`${label} (${change.why})`)} |`,
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
