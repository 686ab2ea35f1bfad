import { readFileSync } from "node:fs";
import { expect, inject, test } from "vitest";
import { loadClaims, type Claim } from "../../../../../scripts/contract/claims/catalog.ts";
import { checkContext } from "../../../../../scripts/contract/claims/check-context.ts";
import { wireFormConformance } from "../../../../../scripts/contract/claims/checks/wire-form-conformance.ts";
import { MOCKED_SPEC } from "../../../../../scripts/contract/prism.ts";

const TOKEN = "wire-form-test-token-81c4";
const description = JSON.parse(readFileSync(MOCKED_SPEC, "utf8"));
const context = checkContext({ baseUrl: inject("prismUrl"), token: TOKEN, mode: "mock", description });
const claim = loadClaims().find((c) => c.id === "destination-wire-form/raw-path")!;
const variant = (wire: Partial<Claim["wire"]>) => ({ ...claim, wire: { ...claim.wire!, ...wire } }) as Claim;

test("the claim holds: the SDK and the client put its request-target on the wire", async () => {
  const outcome = await wireFormConformance(claim, context);
  expect(outcome.verdict, outcome.evidence.join("\n")).toBe("holds");
  expect(outcome.evidence).toContain(`this client sends POST ${claim.wire!.target}`);
  expect(outcome.evidence.some((line) => /answers the raw form 404/.test(line))).toBe(true);
  expect(JSON.stringify(outcome)).not.toContain(TOKEN);
});

test("a claimed target neither sends is contradicted, and the consequence names both", async () => {
  const encoded = `/v2/publish/${encodeURIComponent(claim.wire!.destination)}`;
  const outcome = await wireFormConformance(variant({ target: encoded }), context);
  expect(outcome.verdict).toBe("contradicted");
  expect(outcome.impact).toBe("breaks");
  expect(outcome.consequence).toContain(`@upstash/qstash now sends ${claim.wire!.target}`);
  expect(outcome.consequence).toContain(`this client sends ${claim.wire!.target}`);
});

test("a source its fixture no longer backs misleads", async () => {
  const [source] = claim.wire!.sources.filter((s) => s.fixture);
  const outcome = await wireFormConformance(variant({ sources: [{ ...source, line: source.line + 1 }] }), context);
  expect(outcome.verdict).toBe("contradicted");
  expect(outcome.consequence).toContain(`has no request at ${source.file}:${source.line + 1}`);
});
