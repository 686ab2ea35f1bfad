import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, inject, test } from "vitest";
import { loadClaims, type Claim } from "../../../../scripts/contract/claims/catalog.ts";
import { checkContext } from "../../../../scripts/contract/claims/check-context.ts";
import { runClaim } from "../../../../scripts/contract/claims/run-claim.ts";
import { judgeMinedClaim } from "../../../../scripts/contract/docs/judge.ts";
import { loadMinedCatalog, type MinedClaim } from "../../../../scripts/contract/docs/mined-catalog.ts";
import { MOCKED_SPEC } from "../../../../scripts/contract/prism.ts";

/**
 * Seed pages 000 and 003 are two pages of the retired API reference. The claims mined from those
 * pages and the ones written by hand must reach the same verdicts. Claims pair up by what they
 * are about (the body field, the status, the example's language); what pairs with nothing is
 * listed here with its reason.
 */
const SEEDS = [
  { seed: "000_e6114a4b337ec96b.txt", page: "qstash/api/dlq/deleteMessages.mdx" },
  { seed: "003_5d3ac9612f04e8ac.txt", page: "qstash/api/messages/bulk-cancel.mdx" },
];

/** Hand-written claims that no mined claim can stand for: they come from the page's prose. */
const ONLY_BY_HAND: Record<string, string> = {
  "dlq-delete-body/ids-from-list": "the page's prose points at another endpoint's answer",
  "bulk-cancel-body/empty-ids-cancel-all": "a warning in prose",
  "bulk-cancel-body/no-body-cancel-all": "a warning in prose",
  "bulk-cancel-body/in-flight": "a note in prose",
};

/** Mined claims with no hand-written counterpart (the hand-written catalog skipped them). */
const ONLY_MINED: string[] = ["qstash-api-messages-bulk-cancel/auth-bearer"];

/** Pairs whose verdicts differ, with the reason; empty means full agreement. */
const KNOWN_DIFFERENCES: string[] = [];

function topic(claim: Claim): string {
  const about =
    claim.kind === "body"
      ? `body:${claim.body!.field}`
      : claim.kind === "parameter" && claim.parameter!.in === "body"
        ? `body:${claim.parameter!.name}`
        : claim.kind === "response"
          ? `response:${claim.response!.field}`
          : claim.kind === "status"
            ? `status:${claim.status}`
            : claim.kind === "example"
              ? `example:${claim.example!.language}`
              : claim.kind;
  return `${claim.operation.replace(/\/$/, "")} ${about}`;
}

const description = JSON.parse(readFileSync(MOCKED_SPEC, "utf8"));
const context = checkContext({ baseUrl: inject("prismUrl"), token: "agreement-token", mode: "mock", description });
const handWritten = loadClaims().filter((c) => SEEDS.some((s) => s.seed === c.page.seed));
const mined = loadMinedCatalog("spec/mined/retired-reference").claims.filter((c) =>
  SEEDS.some((s) => s.page === c.page.seed),
);
const verdicts = new Map<string, string>();

beforeAll(async () => {
  for (const claim of handWritten) verdicts.set(claim.id, (await runClaim(claim, context)).verdict!);
  for (const claim of mined)
    verdicts.set(claim.id, (await judgeMinedClaim(claim as MinedClaim, context, "retired-reference")).verdict!);
});

describe("mined and hand-written claims of seed pages 000 and 003 agree", () => {
  test("both seed pages were mined", () => {
    expect(new Set(mined.map((c) => c.page.seed))).toEqual(new Set(SEEDS.map((s) => s.page)));
  });

  test("every pair reaches the same verdict", () => {
    const differences: string[] = [];
    for (const claim of handWritten) {
      for (const twin of mined.filter((m) => topic(m) === topic(claim))) {
        if (verdicts.get(claim.id) !== verdicts.get(twin.id))
          differences.push(`${claim.id} ${verdicts.get(claim.id)} ≠ ${twin.id} ${verdicts.get(twin.id)}`);
      }
    }
    expect(differences).toEqual(KNOWN_DIFFERENCES);
  });

  test("what pairs with nothing is exactly the listed claims", () => {
    const pairedHand = handWritten.filter((c) => mined.some((m) => topic(m) === topic(c))).map((c) => c.id);
    const unpairedHand = handWritten.map((c) => c.id).filter((id) => !pairedHand.includes(id));
    const unpairedMined = mined.filter((m) => !handWritten.some((c) => topic(c) === topic(m))).map((m) => m.id);
    expect(unpairedHand.sort()).toEqual(Object.keys(ONLY_BY_HAND).sort());
    expect(unpairedMined.sort()).toEqual(ONLY_MINED);
    expect(pairedHand.length).toBe(27);
  });
});
