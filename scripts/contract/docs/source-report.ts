import { textTable } from "../claims/report.ts";
import type { DocsResult } from "./judge.ts";
import type { MinedCatalog } from "./mined-catalog.ts";
import { snippetsNotCompiling, sourceCounts } from "./sources.ts";

/** The console table of the docs suite by source: one row per catalog and source, with counts. */
export function sourceSummary(results: DocsResult[], catalogs: MinedCatalog[]): string {
  const rows = catalogs.flatMap((catalog) =>
    sourceCounts(catalog, results).map((c) => [
      `${catalog.name}: ${c.source}`,
      String(c.claims),
      String(c.verdicts.holds),
      String(c.verdicts.contradicted),
      String(c.verdicts.unverifiable),
      String(c.leftOut),
    ]),
  );
  const read = catalogs.map(
    (c) => `${c.name}: ${c.pagesRead} pages, ${c.sentencesRead} sentences, ${c.snippetsFound} SDK snippets read`,
  );
  return [textTable(["source", "claims", "holds", "contradicted", "unverifiable", "left out"], rows), ...read].join(
    "\n",
  );
}

/** Markdown for reports/conformance.md: the counts by source, and every SDK snippet that does not compile. */
export function sourceMarkdown(results: DocsResult[], catalog: MinedCatalog): string[] {
  const lines = [
    `${catalog.pagesRead} pages, ${catalog.sentencesRead} sentences and ${catalog.snippetsFound} SDK snippets read.`,
    "",
    "| source | claims | holds | contradicted | unverifiable | left out |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...sourceCounts(catalog, results).map(
      (c) =>
        `| ${c.source} | ${c.claims} | ${c.verdicts.holds} | ${c.verdicts.contradicted} | ${c.verdicts.unverifiable} | ${c.leftOut} |`,
    ),
    "",
  ];
  const failing = snippetsNotCompiling(catalog, results);
  if (failing.length) {
    lines.push("SDK example snippets that do not compile against (or fit) the SDK they show:", "");
    for (const r of failing) {
      const where = (r.claim.snippet as { lines: number[] }).lines.join("-");
      lines.push(`- \`${r.claim.page.seed}\` lines ${where}: ${r.consequence ?? ""}`);
    }
    lines.push("");
  }
  return lines;
}
