import { mapConcurrent } from "../../lib/map-concurrent.ts";
import { withHeldBack } from "../../live/held-back.ts";
import type { Suite, SuiteOutcome } from "../suite.ts";
import { loadClaims, type Claim } from "./catalog.ts";
import { checkContext } from "./check-context.ts";
import { claimsMarkdown, claimsSummary } from "./report.ts";
import { runClaim, type ClaimResult } from "./run-claim.ts";

/** How many claims run at once against the mock: enough to overlap waiting, few enough for 2 cores. */
const CONCURRENCY = 8;

/** Every catalogued claim, checked against whatever server the context points at. */
export const claimsSuite: Suite = async (context, claims: Claim[] = loadClaims()): Promise<SuiteOutcome> => {
  const results = await runClaims(context, claims);
  return {
    suite: "claims",
    cases: results,
    markdown: claimsMarkdown(results),
    summary: claimsSummary(results),
    data: { pages: pagesOf(results) },
  };
};

export async function runClaims(context: Parameters<Suite>[0], claims: Claim[] = loadClaims()): Promise<ClaimResult[]> {
  const check = checkContext(context);
  return mapConcurrent(claims, CONCURRENCY, (claim) => withHeldBack(() => runClaim(claim, check)));
}

function pagesOf(results: ClaimResult[]) {
  const pages = new Map<string, Claim["page"]>();
  for (const r of results) pages.set(r.claim.page.key, r.claim.page);
  return [...pages.values()];
}
