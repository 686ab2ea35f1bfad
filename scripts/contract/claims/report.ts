import type { Verdict } from "../suite.ts";
import type { ClaimResult } from "./run-claim.ts";

const VERDICTS: Verdict[] = ["holds", "contradicted", "unverifiable"];

/** Markdown for reports/conformance.md: per page, one row per claim, contradictions spelled out. */
export function claimsMarkdown(results: ClaimResult[]): string {
  const lines = ["## Documentation claims", "", countsTable(results), ""];
  for (const [key, rows] of byPage(results)) {
    const page = rows[0].claim.page;
    lines.push(
      `### ${page.title}`,
      "",
      `${page.url ? `<${page.url}>` : "(the copy names no address)"} · seed \`${page.seed}\` · ${page.era} page · \`${page.file}\``,
      "",
    );
    const contradicted = rows.filter((r) => r.verdict === "contradicted");
    if (contradicted.length) {
      lines.push(
        `**${contradicted.length} claim(s) of this page are contradicted by the current spec.** A caller who follows the page:`,
        "",
      );
      for (const r of contradicted) lines.push(`- \`${r.id}\` (${r.impact}): ${r.consequence}`);
      lines.push("");
    }
    lines.push(
      "| claim | kind | statement | verdict | evidence | consequence |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const r of rows) {
      const mark = r.ok ? "" : ` ⚠ expected ${r.expected}`;
      lines.push(
        `| \`${r.id.slice(key.length + 1)}\` | ${r.claim.kind} | ${cell(r.name)} | **${r.verdict}**${mark} | ${cell(r.evidence.join("<br>"))} | ${cell(r.consequence ?? "")} |`,
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}

/** The console table: counts per verdict, per page and in total, with drift (unexpected verdicts). */
export function claimsSummary(results: ClaimResult[]): string {
  const rows = [...byPage(results)].map(([, rows]) => [
    rows[0].claim.page.title,
    ...VERDICTS.map((v) => String(rows.filter((r) => r.verdict === v).length)),
    String(rows.length),
    String(rows.filter((r) => !r.ok).length),
  ]);
  rows.push([
    "total",
    ...VERDICTS.map((v) => String(results.filter((r) => r.verdict === v).length)),
    String(results.length),
    String(results.filter((r) => !r.ok).length),
  ]);
  return textTable(["page", ...VERDICTS, "claims", "unexpected"], rows);
}

function countsTable(results: ClaimResult[]): string {
  const lines = [
    "| page | era | holds | contradicted | unverifiable | claims | unexpected |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  const count = (rows: ClaimResult[], v: Verdict) => rows.filter((r) => r.verdict === v).length;
  for (const [, rows] of byPage(results)) {
    const page = rows[0].claim.page;
    lines.push(
      `| ${page.title} | ${page.era} | ${count(rows, "holds")} | ${count(rows, "contradicted")} | ${count(rows, "unverifiable")} | ${rows.length} | ${rows.filter((r) => !r.ok).length} |`,
    );
  }
  lines.push(
    `| **total** | | ${count(results, "holds")} | ${count(results, "contradicted")} | ${count(results, "unverifiable")} | ${results.length} | ${results.filter((r) => !r.ok).length} |`,
  );
  return lines.join("\n");
}

function byPage(results: ClaimResult[]): Map<string, ClaimResult[]> {
  const pages = new Map<string, ClaimResult[]>();
  for (const r of results) pages.set(r.claim.page.key, [...(pages.get(r.claim.page.key) ?? []), r]);
  return pages;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function textTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
