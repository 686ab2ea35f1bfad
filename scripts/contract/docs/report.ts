import { textTable } from "../claims/report.ts";
import type { Verdict } from "../suite.ts";
import type { DocsResult } from "./judge.ts";
import type { MinedCatalog } from "./mined-catalog.ts";
import { sourceMarkdown, sourceSummary } from "./source-report.ts";

const VERDICTS: Verdict[] = ["holds", "contradicted", "unverifiable"];

/** Request-example figures of one catalog: found on the pages, left out, reaching a spec operation, judged, contradicted. */
export interface ExampleCounts {
  found: number;
  leftOut: number;
  readerEndpoints: number;
  matched: number;
  judged: number;
  contradicted: number;
  shellMistakes: number;
}

export function exampleCounts(catalog: MinedCatalog, results: DocsResult[]): ExampleCounts {
  const examples = results.filter((r) => r.catalog === catalog.name && r.claim.kind === "example");
  return {
    found: catalog.examplesFound,
    leftOut: catalog.leftOut.length,
    readerEndpoints: catalog.leftOut.filter((l) => l.reason === "reader-endpoint").length,
    matched: examples.filter((r) => r.reached).length,
    judged: examples.length,
    contradicted: examples.filter((r) => r.verdict === "contradicted").length,
    shellMistakes: results.filter((r) => r.catalog === catalog.name && (r.claim.kind as string) === "shell").length,
  };
}

/** The console table: per page (with --docs) or per catalog (in the full run). */
export function docsSummary(results: DocsResult[], catalogs: MinedCatalog[], perPage: boolean): string {
  const count = (rows: DocsResult[], v: Verdict) => String(rows.filter((r) => r.verdict === v).length);
  const row = (label: string, rows: DocsResult[], leftOut: number) => [
    label,
    String(rows.length),
    ...VERDICTS.map((v) => count(rows, v)),
    String(leftOut),
    String(rows.filter((r) => r.accepted === undefined).length),
    String(rows.filter((r) => !r.ok).length),
  ];
  const rows: string[][] = [];
  for (const catalog of catalogs) {
    const mine = results.filter((r) => r.catalog === catalog.name);
    if (perPage)
      for (const [page, pageRows] of byPage(mine))
        rows.push(row(page, pageRows, catalog.leftOut.filter((l) => l.path === page).length));
    rows.push(
      row(
        perPage ? `${catalog.name} total` : `${catalog.name} (${catalog.commit.slice(0, 8)})`,
        mine,
        catalog.leftOut.length,
      ),
    );
  }
  const table = textTable(["page", "claims", ...VERDICTS, "left out", "new", "unexpected"], rows);
  const lines = catalogs.map((catalog) => {
    const c = exampleCounts(catalog, results);
    return `${catalog.name}: ${c.found} request examples found, ${c.leftOut} left out (${c.readerEndpoints} call the reader's own endpoint), ${c.judged} judged, ${c.matched} reach a spec operation, ${c.contradicted} contradicted; ${c.shellMistakes} shell mistakes`;
  });
  return [table, ...lines, "", sourceSummary(results, catalogs)].join("\n");
}

/** Markdown for reports/conformance.md: per catalog, per page, every contradiction with its line and consequence. */
export function docsMarkdown(results: DocsResult[], catalogs: MinedCatalog[]): string {
  const lines = ["## Claims mined from the documentation", ""];
  for (const catalog of catalogs) {
    const mine = results.filter((r) => r.catalog === catalog.name);
    const c = exampleCounts(catalog, results);
    lines.push(`### ${catalog.name} (upstash/docs at \`${catalog.commit.slice(0, 12)}\`)`, "");
    lines.push(
      `${mine.length} claims: ${VERDICTS.map((v) => `${mine.filter((r) => r.verdict === v).length} ${v}`).join(", ")}. Request examples: ${c.found} found, ${c.leftOut} left out, ${c.judged} judged, ${c.matched} reach a spec operation, ${c.contradicted} contradicted; ${c.shellMistakes} shell mistakes.`,
      "",
    );
    lines.push(...sourceMarkdown(results, catalog));
    lines.push(
      "| page | claims | holds | contradicted | unverifiable | left out | unexpected |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    for (const [page, rows] of byPage(mine)) {
      lines.push(
        `| \`${page}\` | ${rows.length} | ${VERDICTS.map((v) => rows.filter((r) => r.verdict === v).length).join(" | ")} | ${catalog.leftOut.filter((l) => l.path === page).length} | ${rows.filter((r) => !r.ok).length} |`,
      );
    }
    lines.push("");
    for (const [page, rows] of byPage(mine)) {
      const contradicted = rows.filter((r) => r.verdict === "contradicted" || !r.ok);
      if (!contradicted.length) continue;
      lines.push(`#### \`${page}\``, "");
      for (const r of contradicted) {
        const drift = r.ok ? "" : ` ⚠ observed ${r.verdict}, accepted ${r.accepted}`;
        lines.push(
          `- line ${r.claim.source.line}, \`${r.claim.id.slice(r.claim.page.key.length + 1)}\` (${r.impact ?? r.verdict})${drift}: ${r.consequence ?? ""}`,
        );
      }
      lines.push("");
    }
    if (catalog.leftOut.length) {
      lines.push("Request examples left out:", "", "| page | line | language | reason |", "| --- | ---: | --- | --- |");
      for (const l of catalog.leftOut)
        lines.push(`| \`${l.path}\` | ${l.line} | ${l.language ?? ""} | ${l.detail.replace(/\|/g, "\\|")} |`);
      lines.push("");
    }
  }
  return lines.join("\n");
}

function byPage(results: DocsResult[]): Map<string, DocsResult[]> {
  const pages = new Map<string, DocsResult[]>();
  for (const r of results) pages.set(r.claim.page.seed, [...(pages.get(r.claim.page.seed) ?? []), r]);
  return pages;
}
