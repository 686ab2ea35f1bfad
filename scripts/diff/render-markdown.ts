import type { Change, ChangeReport } from "./change.ts";

const EFFECT_LABEL = { compile: "breaks: stops compiling", runtime: "breaks: refused at run time", none: "fine" } as const;

/** The change report as a person reads it in a pull request: breaking changes first, per operation. */
export function renderMarkdown(report: ChangeReport): string {
  const { summary } = report;
  const lines = [
    "## Changes for callers of the typed client",
    "",
    `Comparing \`${report.old}\` → \`${report.new}\`: **${summary.changes} change(s), ${summary.breaking} breaking**` +
      ` (${summary.operationsAdded} operation(s) added, ${summary.operationsRemoved} removed).`,
    "",
  ];
  if (report.changes.length === 0) return [...lines, "No change a caller can feel.", ""].join("\n");
  const byOperation = new Map<string, Change[]>();
  for (const change of report.changes) byOperation.set(change.operation, [...(byOperation.get(change.operation) ?? []), change]);
  const order = [...byOperation.entries()].sort(([a, x], [b, y]) => Number(y.some((c) => c.breaking)) - Number(x.some((c) => c.breaking)) || a.localeCompare(b));
  for (const [operation, changes] of order) {
    lines.push(`### ${operation === "*" ? "Servers and security" : `\`${operation}\``}`, "", "| | Where | Change | For callers |", "|---|---|---|---|");
    const sorted = [...changes].sort((a, b) => Number(b.breaking) - Number(a.breaking));
    for (const change of sorted) {
      lines.push(`| ${change.breaking ? "❌" : "✅"} | ${cell(change.location)} | ${cell(`${change.kind}: ${change.detail}`)} | ${cell(`${EFFECT_LABEL[change.effect]} (${change.why})`)} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
