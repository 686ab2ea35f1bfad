/**
 * `npm run check:generated`: fails when generated/ differs from what spec/ produces now, or when
 * the spec is not in the canonical layout that sync and generate write (scripts/spec/canonical.ts).
 */
import { readFileSync } from "node:fs";
import { buildGenerated, GENERATED_DIR, SPEC_FILE } from "./spec/build.ts";
import { canonicalized } from "./spec/canonical.ts";
import { staleFiles } from "./spec/stale-files.ts";
import { runCommand } from "./lib/cli.ts";
import { recoverBeforeRun } from "./lib/transaction.ts";

const COMMAND = {
  usage: "usage: npm run check:generated -- [<generated dir>]",
  help: `Builds generated/ in memory from spec/ and compares it with the files on disk (default ${GENERATED_DIR}/),
and checks that ${SPEC_FILE} is in the canonical layout. Exit 0 when all match, 1 when a file is stale or
extra or the spec's layout is not canonical (fix: npm run generate and commit).`,
  positionals: { min: 0, max: 1 },
};

await runCommand(COMMAND, async ({ positionals: [dir = GENERATED_DIR] }) => {
  recoverBeforeRun(process.cwd(), { readOnly: true });
  const { stale, extra } = staleFiles(dir, (await buildGenerated()).files);
  const text = readFileSync(SPEC_FILE, "utf8");
  const canonical = canonicalized(text) === text;
  if (stale.length === 0 && extra.length === 0 && canonical) {
    process.stderr.write(`✔ ${dir}/ is up to date with spec/\n`);
    return 0;
  }
  for (const name of stale) process.stderr.write(`✖ ${dir}/${name} is stale\n`);
  for (const name of extra) process.stderr.write(`✖ ${dir}/${name} is not produced by the spec\n`);
  if (!canonical) process.stderr.write(`✖ ${SPEC_FILE} is not in the canonical layout (the one sync writes)\n`);
  process.stderr.write("fix: run `npm run generate` and commit spec/ and generated/\n");
  return 1;
});
