import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { generateCases } from "../../scripts/contract/operations/cases.ts";
import { readOperations } from "../../scripts/contract/operations/model.ts";

const description = JSON.parse(readFileSync(new URL("../../generated/qstash.openapi.json", import.meta.url), "utf8"));
const { cases } = generateCases(description, { seed: 42, numRuns: 1 });
const operations = readOperations(description);

describe("coverage of the generated cases", () => {
  test.each(operations.map((op) => [op.operationId, op] as const))("%s has a positive, a negative and a case per error status", (operationId, op) => {
    const mine = cases.filter((c) => c.operationId === operationId);
    expect(mine.filter((c) => c.kind === "positive")).toHaveLength(1);
    expect(mine.filter((c) => c.kind === "reject").length).toBeGreaterThan(0);
    const errorStatuses = op.responses.map((r) => r.status).filter((s) => s >= 300);
    expect(mine.filter((c) => c.kind === "status").map((c) => c.expect.status).sort()).toEqual(errorStatuses.sort());
  });

  test("every documented minimum and maximum of a query parameter is probed on both sides", () => {
    const count = cases.filter((c) => c.constraint === "query count maximum" && c.operationId === "bulkDeleteDlqMessages");
    expect(count.map((c) => [c.kind, c.request.query.count])).toEqual([
      ["accept", 100],
      ["reject", 101],
    ]);
  });

  test("case ids are unique", () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });
});
