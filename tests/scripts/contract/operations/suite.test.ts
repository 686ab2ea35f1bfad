/** The operations suite's runner (scripts/contract/operations/suite.ts) says how far it got while it runs. */
import { readFileSync } from "node:fs";
import { expect, inject, test } from "vitest";
import { generateCases } from "../../../../scripts/contract/operations/cases.ts";
import { createSchemaValidator } from "../../../../scripts/contract/operations/schema-validator.ts";
import { runAll } from "../../../../scripts/contract/operations/suite.ts";

const description = JSON.parse(
  readFileSync(new URL("../../../../generated/qstash.openapi.json", import.meta.url), "utf8"),
);

test("runAll counts every finished case, once each, up to the number of cases", async () => {
  const seed = 1;
  const cases = generateCases(description, { seed, numRuns: 1 })
    .cases.filter((c) => !c.edge)
    .slice(0, 12);
  const heard: number[] = [];
  const run = {
    baseUrl: inject("prismUrl"),
    token: "t",
    validator: createSchemaValidator(description),
    seed,
    numRuns: 1,
  };
  const results = await runAll(cases, run, 4, (done) => heard.push(done));
  expect(results.map((r) => r.id)).toEqual(cases.map((c) => c.id));
  expect(heard).toEqual(cases.map((_, i) => i + 1));
});
