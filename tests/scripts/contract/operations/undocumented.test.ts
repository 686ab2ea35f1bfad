import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateCases, type OperationCase } from "../../../../scripts/contract/operations/cases.ts";
import { runCase, type OperationResult } from "../../../../scripts/contract/operations/run-case.ts";
import { createSchemaValidator } from "../../../../scripts/contract/operations/schema-validator.ts";
import { startPrism, type RunningPrism } from "../../../../scripts/contract/prism.ts";
import { tempDirs } from "../../../helpers/temp-dirs.ts";

const tempDir = tempDirs();

// Two operations: one documents its 400 and 401, the other only its 200, so Prism has to invent
// its own answers for it (422 for an invalid request, 401 without a token).
const description = {
  openapi: "3.1.0",
  info: { title: "statuses", version: "1" },
  security: [{ bearer: [] }],
  components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
  paths: {
    "/v2/documented": {
      get: {
        operationId: "documented",
        parameters: [{ name: "count", in: "query", schema: { type: "integer", minimum: 1 } }],
        responses: { "200": { description: "ok" }, "400": { description: "bad" }, "401": { description: "no token" } },
      },
    },
    "/v2/bare": {
      get: {
        operationId: "bare",
        parameters: [
          { name: "count", in: "query", schema: { type: "integer", minimum: 1 } },
          { name: "since", in: "query", schema: { type: "integer", format: "int64" } },
        ],
        responses: { "200": { description: "ok" } },
      },
    },
  },
};

let prism: RunningPrism;
const results = new Map<string, OperationResult>();
const { cases } = generateCases(description, { seed: 1, numRuns: 2 });
const byId = (id: string) => cases.find((c) => c.id === id) as OperationCase;

beforeAll(async () => {
  const dir = tempDir("undocumented");
  const spec = join(dir, "statuses.json");
  writeFileSync(spec, JSON.stringify(description));
  prism = await startPrism({ spec, workers: 0 });
  const run = { baseUrl: prism.url, token: "t", validator: createSchemaValidator(description), seed: 1, numRuns: 2 };
  for (const c of cases) results.set(c.id, await runCase(c, run));
}, 60_000);
afterAll(() => prism?.stop());

describe("statuses the spec does not document", () => {
  test("a documented refusal is no finding", () => {
    const result = results.get("documented/reject:query-count-minimum")!;
    expect([result.ok, result.verdict, result.undocumentedStatus]).toEqual([true, undefined, undefined]);
  });

  test("Prism's own 401 where the operation documents none fails the case", () => {
    const result = results.get("bare/reject:security")!;
    expect([result.ok, result.undocumentedStatus]).toEqual([false, 401]);
    expect(result.evidence[0]).toBe(
      "Received: status 401, which the spec does not document for bare / Documented: 200",
    );
  });

  test("Prism's own 422 for an invalid request is an open finding: unverifiable, with its reason", () => {
    const result = results.get("bare/reject:query-count-minimum")!;
    expect(byId("bare/reject:query-count-minimum").expect.status).toBe(422);
    expect([result.ok, result.verdict, result.undocumentedStatus]).toEqual([true, "unverifiable", 422]);
    expect(result.evidence[0]).toMatch(
      /^undocumented status 422: Prism's own answer to an invalid request .* docs never say/,
    );
  });

  test("a value the mock cannot judge is checked against what the mock does, and reported as unverifiable", () => {
    const result = results.get("bare/reject:query-since-int64-max")!;
    expect(result.verdict).toBe("unverifiable");
    expect(result.evidence.join("\n")).toMatch(/unverifiable on a mock: Prism reads format int64/);
    expect(result.evidence.join("\n")).toMatch(/maximum at (request\.)?query\.since/);
  });

  test("the positive properties and documented statuses pass", () => {
    for (const id of ["documented/positive", "bare/positive", "documented/status:400", "documented/status:401"]) {
      expect(results.get(id)?.ok, `${id}: ${results.get(id)?.evidence.join("\n")}`).toBe(true);
    }
  });
});
