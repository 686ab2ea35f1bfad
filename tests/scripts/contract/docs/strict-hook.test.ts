import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { STRICT_CHECK } from "../../../../scripts/contract/docs/strict-hook.ts";

const description = JSON.parse(readFileSync("generated/qstash.openapi.json", "utf8"));

describe("the docs suite's strict hook", () => {
  it("turns an undeclared query parameter and Upstash header of a page's example into findings", () => {
    const request = {
      method: "GET",
      target: "/v2/dlq?order=latestFirst",
      headers: { "Upstash-Nope": "1" },
      operation: "GET /v2/dlq",
    };
    const findings = STRICT_CHECK(request, description);
    expect(findings.map((f) => f.impact)).toEqual(["misleads", "misleads"]);
    expect(findings[0].consequence).toContain("query parameter `order`");
    expect(findings[1].consequence).toContain("header `Upstash-Nope`");
  });

  it("finds nothing in an example the spec declares fully", () => {
    const request = {
      method: "GET",
      target: "/v2/dlq?label=a&label=b",
      headers: { Authorization: "Bearer x" },
      operation: "GET /v2/dlq",
    };
    expect(STRICT_CHECK(request, description)).toEqual([]);
  });
});
