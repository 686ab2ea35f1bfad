import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { generateCases } from "../../../../scripts/contract/operations/cases.ts";
import { coverageOf, coverageSummary, undocumentedFindings } from "../../../../scripts/contract/operations/coverage.ts";
import { readOperations } from "../../../../scripts/contract/operations/model.ts";

const description = JSON.parse(
  readFileSync(new URL("../../../../generated/qstash.openapi.json", import.meta.url), "utf8"),
);
const { cases } = generateCases(description, { seed: 42, numRuns: 1 });
const operations = readOperations(description);

describe("coverage of the generated cases", () => {
  test.each(operations.map((op) => [op.operationId, op] as const))(
    "%s has a positive, a negative and a case per error status",
    (operationId, op) => {
      const mine = cases.filter((c) => c.operationId === operationId);
      expect(mine.filter((c) => c.kind === "positive")).toHaveLength(1);
      expect(mine.filter((c) => c.kind === "reject").length).toBeGreaterThan(0);
      const errorStatuses = op.responses.map((r) => r.status).filter((s) => s >= 300);
      expect(
        mine
          .filter((c) => c.kind === "status")
          .map((c) => c.expect.status)
          .sort(),
      ).toEqual(errorStatuses.sort());
    },
  );

  test("every documented minimum and maximum of a query parameter is probed on both sides", () => {
    const count = cases.filter(
      (c) => c.constraint === "query count maximum" && c.operationId === "bulkDeleteDlqMessages",
    );
    expect(count.map((c) => [c.kind, c.request.query.count])).toEqual([
      ["accept", 100],
      ["reject", 101],
    ]);
  });

  test("case ids are unique", () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });
});

describe("coverage columns", () => {
  test("edge cases and undocumented statuses are counted apart, and each finding is listed with its verdict", () => {
    const mine = cases.filter((c) => c.operationId === "bulkCancelMessages");
    const results = mine.map((c) => ({
      id: c.id,
      group: c.operationId,
      name: c.title,
      ok: c.constraint !== "security",
      durationMs: 0,
      evidence: [],
      requests: 1,
      ...(c.constraint === "security" && c.kind === "reject" ? { undocumentedStatus: 401 } : {}),
      ...(c.edge && c.expect.unverifiable ? { verdict: "unverifiable" as const } : {}),
    }));
    const coverage = coverageOf(mine, results);
    const [row] = coverage.rows;
    expect(row.edge).toBe(mine.filter((c) => c.edge).length);
    expect(row.edge).toBeGreaterThan(50);
    expect(row.accept + row.reject + row.edge + row.statuses + row.positive).toBe(mine.length);
    expect(row.undocumented).toBe(1);
    expect(undocumentedFindings(results)).toEqual([
      {
        operationId: "bulkCancelMessages",
        status: 401,
        cases: 1,
        verdict: "failed",
        example: "bulkCancelMessages/reject:security",
      },
    ]);
    const summary = coverageSummary(coverage, 42, 1, mine.length);
    expect(summary.split("\n")[0]).toMatch(/^operation\s+pos\s+cons\s+acc\s+rej\s+edge\s+st\s+undoc\s+fail$/);
    expect(summary).toMatch(/1 operations, \d+ cases, \d+ requests; fast-check seed 42/);
  });
});
