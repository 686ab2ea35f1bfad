/**
 * `npm run diff:optic -- [--check]`: runs Optic's breaking-change rules on every pair of
 * successive published revisions (tests/fixtures/published/history), records its verdict with
 * the hashes of the files it judged in tests/fixtures/diff/optic-verdicts.json, and prints ours
 * beside it. `--check` records nothing and exits 1 when a fresh run differs from the record.
 *
 * Optic is installed on demand into scripts/diff/optic/node_modules from its own lockfile
 * (`npm ci --ignore-scripts`: no install script runs, nothing is downloaded but the packages),
 * so the project's `npm ci` stays as it is. Runs offline once installed: every connection and
 * name lookup is refused before Optic is loaded.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { HISTORY_DIR } from "../../fixtures/published-history.ts";
import { runCommand } from "../../lib/cli.ts";
import { progress } from "../../lib/progress.ts";
import { writeFilesAtomically } from "../../lib/write-atomic.ts";
import { compareDescriptions } from "../compare-descriptions.ts";
import { loadDescription } from "../load-description.ts";
import { agreementOf, historyPairs, RECORD_FILE, renderAgreement, sha256Of } from "./agreement.ts";
import type { OpticRecord, RecordedPair } from "./agreement.ts";
import { forbidNetwork, loadOpticEngine, OPTIC_DIR, OPTIC_VERSION, opticInstalled } from "./run-optic.ts";

const COMMAND = {
  usage: "usage: npm run diff:optic -- [--check]",
  help: `Runs Optic ${OPTIC_VERSION}'s breaking-changes rules on each pair of successive revisions in ${HISTORY_DIR},
writes ${RECORD_FILE} and prints the agreement table (our verdict beside Optic's, site by site).
  --check  write nothing; exit 1 when the fresh verdicts differ from ${RECORD_FILE}`,
  options: { check: { type: "boolean" as const, default: false } },
};

async function main({ values }: { values: Record<string, unknown> }): Promise<number> {
  const step = progress(4);
  await step(`install Optic ${OPTIC_VERSION} into ${OPTIC_DIR} (npm ci --ignore-scripts)`, installOptic);
  forbidNetwork();
  const engine = await step("load Optic's engine (network refused)", () => loadOpticEngine());
  const pairs = historyPairs();
  const record: OpticRecord = {
    tool: `@useoptic/openapi-utilities + standard-rulesets ${OPTIC_VERSION}, ruleset breaking-changes`,
    recordedWith: "npm run diff:optic (scripts/diff/optic/record.ts)",
    pairs: [],
  };
  await step(`run Optic on ${pairs.length} pairs`, async () => {
    for (const pair of pairs) {
      const [oldFile, newFile] = [`${HISTORY_DIR}/${pair.old}`, `${HISTORY_DIR}/${pair.new}`];
      const findings = await engine.breakingFindings(oldFile, newFile);
      record.pairs.push({ ...pair, oldSha256: sha256Of(oldFile), newSha256: sha256Of(newFile), findings });
    }
  });
  const rows = await step("run ours on the same pairs", () => Promise.all(record.pairs.map(agreementWithOurs)));
  process.stdout.write(renderAgreement(rows));
  const text = `${JSON.stringify(record, null, 2)}\n`;
  if (!values.check) {
    writeFilesAtomically(".", { [RECORD_FILE]: text });
    process.stderr.write(`wrote ${RECORD_FILE}\n`);
    return 0;
  }
  const recorded = existsSync(RECORD_FILE) ? (JSON.parse(readFileSync(RECORD_FILE, "utf8")) as OpticRecord) : null;
  const same = recorded !== null && isDeepStrictEqual(recorded, record);
  process.stderr.write(
    same ? `${RECORD_FILE} matches a fresh run\n` : `${RECORD_FILE} differs from a fresh run: run npm run diff:optic\n`,
  );
  return same ? 0 : 1;
}

function installOptic(): void {
  if (opticInstalled()) return;
  const args = ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel", "error"];
  execFileSync("npm", args, { cwd: OPTIC_DIR, stdio: ["ignore", "ignore", "inherit"], timeout: 600_000 });
}

async function agreementWithOurs(pair: RecordedPair) {
  const [before, after] = await Promise.all(
    [pair.old, pair.new].map((file) => loadDescription(`${HISTORY_DIR}/${file}`)),
  );
  return agreementOf(pair, compareDescriptions(before.document, after.document).changes);
}

await runCommand(COMMAND, main);
