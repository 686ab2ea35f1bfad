import { readFileSync } from "node:fs";
import { describe, expect, inject, test } from "vitest";
import { loadClaims } from "../../../../scripts/contract/claims/catalog.ts";
import { checkContext } from "../../../../scripts/contract/claims/check-context.ts";
import { runClaim } from "../../../../scripts/contract/claims/run-claim.ts";
import { MOCKED_SPEC } from "../../../../scripts/contract/prism.ts";

// A token that must never show up in what a check reports.
const TOKEN = "claims-test-token-5f2c";
const claims = loadClaims();
const description = JSON.parse(readFileSync(MOCKED_SPEC, "utf8"));
const context = checkContext({ baseUrl: inject("prismUrl"), token: TOKEN, mode: "mock", description });

describe.concurrent.each([...new Set(claims.map((c) => c.page.title))])("%s", (title) => {
  test.each(claims.filter((c) => c.page.title === title).map((c) => [c.id, c] as const))("%s", async (_id, claim) => {
    const result = await runClaim(claim, context);

    expect(result.verdict, result.evidence.join("\n")).toBe(claim.verdict);
    expect(result.evidence.length).toBeGreaterThan(0);
    if (result.verdict === "contradicted") expect(result.consequence?.length).toBeGreaterThan(30);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });
});

test("the catalog holds at least forty claims from all five seed pages, and pages read at a docs commit", () => {
  expect(claims.length).toBeGreaterThanOrEqual(40);
  const seeds = claims.filter((c) => !c.page.commit).map((c) => c.page.seed);
  expect(new Set(seeds).size).toBe(5);
  expect(claims.filter((c) => c.page.commit).every((c) => /^[0-9a-f]{40}$/.test(c.page.commit!))).toBe(true);
});
