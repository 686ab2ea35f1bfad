import { mapConcurrent } from "../../lib/map-concurrent.ts";
import { withHeldBack } from "../../live/held-back.ts";
import type { Suite, SuiteContext } from "../suite.ts";
import { generateCases, runsFromEnv, seedFromEnv, type OperationCase } from "./cases.ts";
import { coverageMarkdown, coverageOf, coverageSummary, undocumentedFindings } from "./coverage.ts";
import { runCase, type OperationResult, type RunContext } from "./run-case.ts";
import { createSchemaValidator } from "./schema-validator.ts";

/** Requests in flight at once: Prism answers in a few ms, a 2-core machine gains little beyond this. */
const CONCURRENCY = 8;
/** Against a live account a positive property draws this few requests unless FC_RUNS says otherwise. */
const LIVE_RUNS = 3;

/**
 * The spec-derived operation suite: every operation of the corrected description, probed with a
 * property-based valid request, boundary values around each documented constraint, and each
 * documented error status. FC_SEED replays a run; FC_RUNS sets requests per positive property.
 */
export const operationsSuite: Suite = async (context: SuiteContext) => {
  const seed = seedFromEnv();
  const live = context.mode === "live";
  const numRuns = runsFromEnv(live ? { FC_RUNS: process.env.FC_RUNS ?? String(LIVE_RUNS) } : process.env);
  const generated = generateCases(context.description, { seed, numRuns }).cases;
  // Against a live account only the mock can be told which status to answer with (Prefer: code=…), and
  // writes go only with --allow-writes (the live gate holds back any call that would act on everything).
  // Edge values stay on the mock: hundreds of them would run into the account's rate limits.
  const safeLive = (c: OperationCase) =>
    (c.method === "get" || context.allowWrites === true) && !c.edge && (c.kind === "positive" || c.kind === "accept");
  const cases = live ? generated.filter(safeLive) : generated;
  const run: RunContext = {
    baseUrl: context.baseUrl,
    token: context.token,
    validator: createSchemaValidator(context.description),
    seed,
    numRuns,
  };
  const results = await runAll(cases, run, CONCURRENCY, (done) => context.progress?.count(done, cases.length, "cases"));
  const coverage = coverageOf(cases, results);
  const failures = results.filter((r) => !r.ok);
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const findings = undocumentedFindings(results);
  const unverifiable = results.filter((r) => r.verdict === "unverifiable");
  const openStatuses = unverifiable.filter((r) => r.undocumentedStatus !== undefined).length;
  const verdicts =
    `unverifiable on the mock, each with its reason in reports/conformance.md: ${openStatuses} case(s) answered with ` +
    `an undocumented status the docs leave open, ${unverifiable.length - openStatuses} edge value(s) Prism cannot judge`;
  const markdown = [
    "## Operations: every operation from the spec",
    "",
    `Cases generated from \`generated/qstash.openapi.json\` (${context.mode}${context.mode === "live" ? `: ${context.allowWrites ? "positive and boundary cases, writes included" : "read-only GET cases only"}, ${cases.length} of ${generated.length}` : ""}); fast-check seed \`${seed}\`, ${numRuns} request(s) per positive property. Replay with \`FC_SEED=${seed}\`.`,
    "",
    coverageMarkdown(coverage),
    ...(findings.length
      ? [
          "",
          "### Undocumented statuses",
          "",
          "Statuses the mock answered with that the spec does not document for the operation; each is a failure, or unverifiable with its reason.",
          "",
          "| Operation | Status | Cases | Verdict | Example case |",
          "|---|--:|--:|---|---|",
          ...findings.map((f) => `| ${f.operationId} | ${f.status} | ${f.cases} | ${f.verdict} | \`${f.example}\` |`),
          "",
          ...[...new Set(unverifiable.filter((r) => r.undocumentedStatus !== undefined).map((r) => r.evidence[0]))].map(
            (reason) => `- ${reason}`,
          ),
        ]
      : []),
    ...(unverifiable.length > openStatuses
      ? [
          "",
          "### Values the mock cannot judge",
          "",
          "Allowed or forbidden by the spec, but read otherwise by Prism; each case checks what Prism does and is reported as unverifiable.",
          "",
          ...reasonsOf(unverifiable.filter((r) => r.undocumentedStatus === undefined)),
        ]
      : []),
    ...(failures.length
      ? [
          "",
          "### Failed cases",
          "",
          ...failures.map((f) => `- \`${f.id}\`: ${f.name}\n  - ${f.evidence.slice(0, 4).join("\n  - ")}`),
        ]
      : []),
    "",
  ].join("\n");
  const summary = `${coverageSummary(coverage, seed, numRuns, requests)}\n${verdicts}`;
  return {
    suite: "operations",
    cases: results,
    markdown,
    summary,
    data: { seed, numRuns, requests, coverage, undocumented: findings },
  };
};

/** One line per distinct reason: how many cases it covers and one of them. */
function reasonsOf(results: OperationResult[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const r of results) byReason.set(r.evidence[0], [...(byReason.get(r.evidence[0]) ?? []), r.id]);
  return [...byReason].map(([reason, ids]) => `- ${ids.length} case(s), e.g. \`${ids[0]}\`: ${reason}`);
}

/** Runs every case, `concurrency` at a time; `onDone` hears how many have finished. */
export async function runAll(
  cases: OperationCase[],
  run: RunContext,
  concurrency = CONCURRENCY,
  onDone?: (done: number) => void,
): Promise<OperationResult[]> {
  let done = 0;
  return mapConcurrent(cases, concurrency, async (item) => {
    const result = await withHeldBack(() => runCase(item, run));
    onDone?.(++done);
    return result;
  });
}
