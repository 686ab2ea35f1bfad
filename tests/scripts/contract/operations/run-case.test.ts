import { readFileSync } from "node:fs";
import { describe, expect, inject, test } from "vitest";
import {
  generateCases,
  runsFromEnv,
  seedFromEnv,
  type OperationCase,
} from "../../../../scripts/contract/operations/cases.ts";
import { runCase, type RunContext } from "../../../../scripts/contract/operations/run-case.ts";
import { createSchemaValidator } from "../../../../scripts/contract/operations/schema-validator.ts";
import { mapConcurrent } from "../../../../scripts/lib/map-concurrent.ts";

// The same generated cases the verify suite runs, against the run's Prism mock: one test per case,
// and the edge values of an operation (often a hundred) as one test that lists each failing one.
const description = JSON.parse(
  readFileSync(new URL("../../../../generated/qstash.openapi.json", import.meta.url), "utf8"),
);
const seed = seedFromEnv();
// `npm run verify` draws 100 requests per positive property; the vitest run checks the same cases
// with 5 (FC_RUNS overrides both), so that the whole suite stays quick.
const numRuns = runsFromEnv({ FC_RUNS: process.env.FC_RUNS ?? "5" });
const { cases } = generateCases(description, { seed, numRuns });
const validator = createSchemaValidator(description);
console.log(
  `operations contract: ${cases.length} cases, fast-check seed ${seed}, ${numRuns} run(s) per positive; replay with FC_SEED=${seed}`,
);

const byOperation = new Map<string, OperationCase[]>();
for (const c of cases) byOperation.set(c.operationId, [...(byOperation.get(c.operationId) ?? []), c]);
const context = (): RunContext => ({
  baseUrl: inject("prismUrl"),
  token: "contract-test-token",
  validator,
  seed,
  numRuns,
});

describe.concurrent.each([...byOperation])("%s", (_operationId, operationCases) => {
  test.each(operationCases.filter((c) => !c.edge))("$kind: $title ($id)", async (c) => {
    const result = await runCase(c, context());
    expect(result.ok, result.evidence.join("\n")).toBe(true);
  });

  const edges = operationCases.filter((c) => c.edge);
  if (edges.length === 0) return; // an operation without parameters or body has no edge values
  test(`edge values (${edges.length} cases)`, async () => {
    const results = await mapConcurrent(edges, 4, (c) => runCase(c, context()));
    const failed = results.filter((r) => !r.ok).map((r) => `${r.id}: ${r.evidence.slice(0, 3).join(" | ")}`);
    expect(failed, failed.join("\n")).toEqual([]);
  });
});
