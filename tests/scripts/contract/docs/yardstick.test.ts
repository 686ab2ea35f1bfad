import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import {
  loadMinedCatalog,
  MINED_DIR,
  type MinedCatalog,
  type MinedClaim,
} from "../../../../scripts/contract/docs/mined-catalog.ts";

/**
 * The miner measured against real contradictions found by hand (tests/fixtures/docs-yardstick/): each entry
 * must be found by a claim on its page, at its line, naming what the entry names, with the verdict the
 * entry gives; an entry marked `missed` must still be missed (so a gain is noticed and recorded).
 */

interface Entry {
  catalog: string;
  page: string;
  line: number;
  class: string;
  names: string[];
  verdict: string;
  fact: string;
  missed?: string;
}

const FIXTURE = "tests/fixtures/docs-yardstick/contradictions.yaml";
const yardstick = parse(readFileSync(FIXTURE, "utf8")) as { catalogs: Record<string, string>; entries: Entry[] };
const catalogs = new Map<string, MinedCatalog>(
  Object.keys(yardstick.catalogs).map((name) => [name, loadMinedCatalog(join(MINED_DIR, name))]),
);

/** Lines a claim speaks for: where it stands, and where a snippet's diagnostics or problems point. */
function claimLines(claim: MinedClaim): number[] {
  const snippet = (
    claim as unknown as { snippet?: { diagnostics?: { line: number }[]; problems?: { line: number }[] } }
  ).snippet;
  return [claim.source.line, ...[...(snippet?.diagnostics ?? []), ...(snippet?.problems ?? [])].map((d) => d.line)];
}

/** A claim that finds the entry: same page, at (or up to three lines above, a field's tag) the line, naming it all. */
function finds(entry: Entry, catalog: MinedCatalog): MinedClaim | undefined {
  return catalog.claims.find((claim) => {
    if (claim.page.seed !== entry.page) return false;
    const near = claimLines(claim).some((line) => line <= entry.line && line >= entry.line - 3);
    const text = JSON.stringify(claim);
    return near && entry.names.every((name) => text.includes(name)) && catalog.accepted.get(claim.id) === entry.verdict;
  });
}

describe("the docs yardstick", () => {
  test("is pinned to the catalogs' commits", () => {
    for (const [name, commit] of Object.entries(yardstick.catalogs)) expect(catalogs.get(name)!.commit).toBe(commit);
  });

  test.each(yardstick.entries.map((e) => [`${e.page}:${e.line} ${e.names.join(" ")}`, e] as const))(
    "%s",
    (_, entry) => {
      const found = finds(entry, catalogs.get(entry.catalog)!);
      if (entry.missed) expect(found, `now found; drop \`missed\` (${entry.missed})`).toBeUndefined();
      else expect(found, `${entry.fact}`).toBeDefined();
    },
  );
});
