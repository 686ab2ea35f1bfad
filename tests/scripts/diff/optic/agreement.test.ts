/**
 * Differential test against a peer: Optic's breaking-change verdict beside ours on every pair of
 * successive published revisions (tests/fixtures/published/history: 12 QStash pairs, 7 Workflow
 * pairs). Every site where the two differ must be listed in
 * tests/fixtures/diff/optic-disagreements.json, and tsc settles each listed one: a caller written
 * against the old generated types compiles against them, and fails against the new ones exactly
 * when the side the list calls right says breaking.
 *
 * Optic's verdicts are replayed from tests/fixtures/diff/optic-verdicts.json, which
 * `npm run diff:optic` records with Optic's own engine (10 to 12 s of CPU for the 19 pairs, on top
 * of an 83 MB install that would otherwise land in every `npm ci`). The replay is faithful because
 * a verdict is a function of Optic's pinned version and the two files alone: the record carries
 * the sha256 of every file it judged, and this test fails when one has moved or a pair is missing;
 * `npm run diff:optic -- --check` reruns Optic and compares it with the record.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { HISTORY_DIR } from "../../../../scripts/fixtures/published-history.ts";
import { compareDescriptions } from "../../../../scripts/diff/compare-descriptions.ts";
import { loadDescription } from "../../../../scripts/diff/load-description.ts";
import { agreementOf, historyPairs, RECORD_FILE, sha256Of } from "../../../../scripts/diff/optic/agreement.ts";
import type { OpticRecord, PairAgreement } from "../../../../scripts/diff/optic/agreement.ts";
import { compileCallers } from "../../../helpers/compile-callers.ts";

interface Disagreement {
  old: string;
  new: string;
  site: string;
  ours: "breaking" | "fine";
  optic: "breaking" | "fine";
  right: "ours" | "optic";
  why: string;
  caller: string;
}

const record = JSON.parse(readFileSync(RECORD_FILE, "utf8")) as OpticRecord;
const listed = (
  JSON.parse(readFileSync("tests/fixtures/diff/optic-disagreements.json", "utf8")) as { disagreements: Disagreement[] }
).disagreements;
const nameOf = (d: { old: string; new: string; site: string }) => `${d.old} → ${d.new}: ${d.site}`;

let rows: PairAgreement[];
let diagnostics: Map<string, string[]>;

beforeAll(async () => {
  const documents = new Map<string, object>();
  const documentOf = async (file: string) => {
    if (!documents.has(file)) documents.set(file, (await loadDescription(`${HISTORY_DIR}/${file}`)).document);
    return documents.get(file)!;
  };
  rows = [];
  for (const pair of record.pairs)
    rows.push(agreementOf(pair, compareDescriptions(await documentOf(pair.old), await documentOf(pair.new)).changes));
  const callers = [];
  for (const entry of listed) {
    callers.push({ id: `${nameOf(entry)} (old)`, description: await documentOf(entry.old), statements: entry.caller });
    callers.push({ id: `${nameOf(entry)} (new)`, description: await documentOf(entry.new), statements: entry.caller });
  }
  diagnostics = await compileCallers(callers);
}, 180_000);

describe("our breaking verdict beside Optic's on the published history", () => {
  it("replays Optic's verdicts on exactly the published pairs, on the same bytes", () => {
    expect(record.pairs.map(({ old, new: next }) => ({ old, new: next }))).toEqual(historyPairs());
    for (const pair of record.pairs) {
      const moved = `${pair.old} → ${pair.new} changed since Optic judged it: run npm run diff:optic`;
      expect([sha256Of(`${HISTORY_DIR}/${pair.old}`), sha256Of(`${HISTORY_DIR}/${pair.new}`)], moved).toEqual([
        pair.oldSha256,
        pair.newSha256,
      ]);
    }
  });

  it("differs from Optic only where the table of expected disagreements says, and each listed one still occurs", () => {
    const seen = rows.flatMap((row) => [
      ...row.onlyOurs.map((site) => ({ old: row.old, new: row.new, site, ours: "breaking", optic: "fine" })),
      ...row.onlyOptic.map((site) => ({ old: row.old, new: row.new, site, ours: "fine", optic: "breaking" })),
    ]);
    const expected = listed.map(({ old, new: next, site, ours, optic }) => ({ old, new: next, site, ours, optic }));
    const key = (d: (typeof seen)[number]) => `${nameOf(d)} (ours ${d.ours}, Optic ${d.optic})`;
    const unlisted = seen.filter((d) => !expected.some((e) => key(e) === key(d))).map(key);
    const stale = expected.filter((e) => !seen.some((d) => key(d) === key(e))).map(key);
    expect({ unlisted, stale }).toEqual({ unlisted: [], stale: [] });
  });

  it.each(listed.map((entry) => [nameOf(entry), entry] as const))("tsc settles %s", (name, entry) => {
    expect(diagnostics.get(`${name} (old)`), "the caller compiles against the old types").toEqual([]);
    const truth = entry.right === "ours" ? entry.ours : entry.optic;
    const newErrors = diagnostics.get(`${name} (new)`)!;
    if (truth === "breaking") expect(newErrors.length, "the new types refuse the old caller").toBeGreaterThan(0);
    else expect(newErrors, "the old caller still compiles against the new types").toEqual([]);
  });
});
