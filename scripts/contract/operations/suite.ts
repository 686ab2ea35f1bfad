import { mapConcurrent } from "../../lib/map-concurrent.ts";
import { withHeldBack } from "../../live/held-back.ts";
import type { CaseResult, Suite, SuiteContext } from "../suite.ts";
import { generateCases, runsFromEnv, seedFromEnv, type OperationCase } from "./cases.ts";
import { coverageMarkdown, coverageOf, coverageSummary } from "./coverage.ts";
import { runCase, type RunContext } from "./run-case.ts";
import { createSchemaValidator } from "./schema-validator.ts";

/** Requests in flight at once: Prism answers in a few ms, a 2-core machine gains little beyond this. */
const CONCURRENCY = 8;

/**
 * The spec-derived operation suite: every operation of the corrected description, probed with a
 * property-based valid request, boundary values around each documented constraint, and each
 * documented error status. FC_SEED replays a run; FC_RUNS sets requests per positive property.
 */
export const operationsSuite: Suite = async (context: SuiteContext) => {
  const seed = seedFromEnv();
  const numRuns = runsFromEnv();
  const generated = generateCases(context.description, { seed, numRuns }).cases;
  // Against a live account only the mock can be told which status to answer with (Prefer: code=…);
  // writes only with --allow-writes. The live gate holds back any call that would act on everything.
  const live = (c: OperationCase) => (c.method === "get" || context.allowWrites === true) && (c.kind === "positive" || c.kind === "accept");
  const cases = context.mode === "live" ? generated.filter(live) : generated;
  const run: RunContext = { baseUrl: context.baseUrl, token: context.token, validator: createSchemaValidator(context.description), seed, numRuns };
  const results = await runAll(cases, run);
  const coverage = coverageOf(cases, results);
  const failures = results.filter((r) => !r.ok);
  const markdown = [
    "## Operations: every operation from the spec",
    "",
    `Cases generated from \`generated/qstash.openapi.json\` (${context.mode}${context.mode === "live" ? `: ${context.allowWrites ? "positive and boundary cases, writes included" : "read-only GET cases only"}, ${cases.length} of ${generated.length}` : ""}); fast-check seed \`${seed}\`, ${numRuns} request(s) per positive property. Replay with \`FC_SEED=${seed}\`.`,
    "",
    coverageMarkdown(coverage),
    ...(failures.length
      ? ["", "### Failed cases", "", ...failures.map((f) => `- \`${f.id}\`: ${f.name}\n  - ${f.evidence.slice(0, 4).join("\n  - ")}`)]
      : []),
    "",
  ].join("\n");
  return { suite: "operations", cases: results, markdown, summary: coverageSummary(coverage, seed, numRuns), data: { seed, numRuns, coverage } };
};

export async function runAll(cases: OperationCase[], run: RunContext): Promise<CaseResult[]> {
  return mapConcurrent(cases, CONCURRENCY, (item) => withHeldBack(() => runCase(item, run)));
}
