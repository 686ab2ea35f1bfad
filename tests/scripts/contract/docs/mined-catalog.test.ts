import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { loadMinedCatalog, minedCatalogDirs } from "../../../../scripts/contract/docs/mined-catalog.ts";

/** The committed mined catalogs are data a fresh clone judges without the docs checkout. */
const PINNED: Record<string, string> = {
  current: "ef0ce4387f723fa1d0bd49d29331a6ec61feb6df",
  "retired-reference": "f9767c6484e4fe968c06cc1427ab9343ff79b311",
};

describe.each(minedCatalogDirs())("%s", (dir) => {
  const catalog = loadMinedCatalog(dir);

  test("is pinned to its docs commit, on every page", () => {
    expect(catalog.commit).toBe(PINNED[catalog.name]);
    expect(new Set(catalog.claims.map((c) => c.page.commit))).toEqual(new Set([catalog.commit]));
  });

  test("every request example found is judged or left out with a reason", () => {
    const judged = catalog.claims.filter((c) => c.kind === "example").length;
    expect(judged + catalog.leftOut.length).toBe(catalog.examplesFound);
    for (const item of catalog.leftOut) expect(item.detail.length).toBeGreaterThan(10);
  });

  test("every claim has an accepted verdict and a line on its page", () => {
    for (const claim of catalog.claims) {
      expect(catalog.accepted.has(claim.id), claim.id).toBe(true);
      expect(claim.source.line).toBeGreaterThan(0);
    }
  });

  test("holds no token of any form", () => {
    const text = catalog.claims.map((c) => JSON.stringify(c)).join("\n");
    expect(text).not.toMatch(/Bearer (?!<token>)|qstash_token=(?!<token>)|eyJ[A-Za-z0-9]{20}/);
  });

  test("the manifest names the command that regenerates it", () => {
    const manifest = parse(readFileSync(join(dir, "manifest.yaml"), "utf8"));
    expect(manifest.source.command).toMatch(/^npm run mine -- .* --rev [0-9a-f]{12}/);
  });
});
