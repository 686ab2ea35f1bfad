import { withHeldBack } from "../../live/held-back.ts";
import { mapConcurrent } from "../../lib/map-concurrent.ts";
import type { Suite, SuiteContext, SuiteOutcome, Verdict } from "../suite.ts";
import { checkContext } from "../claims/check-context.ts";
import { judgeMinedClaim, type DocsResult } from "./judge.ts";
import { loadMinedCatalog, minedCatalogDirs, type MinedCatalog } from "./mined-catalog.ts";
import { docsMarkdown, docsSummary, exampleCounts } from "./report.ts";
import { sourceCounts } from "./sources.ts";

/** Claims in flight at once: the mock answers while others wait, and two cores stay enough. */
const CONCURRENCY = 12;

/** Every committed mined catalog (spec/mined/*), judged against the server the context points at. */
export const docsSuite: Suite = (context) => runDocs(context, minedCatalogDirs());

export interface DocsOutcome extends SuiteOutcome {
  results: DocsResult[];
  catalogs: MinedCatalog[];
}

/** Judges the catalogs in `dirs`; `perPage` prints one summary row per page (the --docs view). */
export async function runDocs(context: SuiteContext, dirs: string[], perPage = false): Promise<DocsOutcome> {
  const catalogs = dirs.map((dir) => loadMinedCatalog(dir));
  const check = checkContext(context);
  const work = catalogs.flatMap((catalog) => catalog.claims.map((claim) => ({ catalog, claim })));
  const results = await mapConcurrent(work, CONCURRENCY, ({ catalog, claim }) =>
    withHeldBack(() => judgeMinedClaim(claim, check, catalog.name, catalog.accepted.get(claim.id))),
  );
  return {
    suite: "docs",
    cases: results,
    results,
    catalogs,
    markdown: docsMarkdown(results, catalogs),
    summary: docsSummary(results, catalogs, perPage),
    data: {
      catalogs: catalogs.map((c) => ({
        name: c.name,
        dir: c.dir,
        commit: c.commit,
        examples: exampleCounts(c, results),
        sources: sourceCounts(c, results),
        leftOut: c.leftOut,
      })),
    },
  };
}

/** The verdicts a run observed for one catalog, by claim id (for the accept step). */
export function observedVerdicts(outcome: DocsOutcome, catalog: MinedCatalog): Map<string, Verdict> {
  return new Map(outcome.results.filter((r) => r.catalog === catalog.name).map((r) => [r.claim.id, r.verdict!]));
}
