/** `npm run check:generated`: fails when generated/ differs from what spec/ produces now. */
import { buildGenerated, GENERATED_DIR } from "./spec/build.ts";
import { staleFiles } from "./spec/stale-files.ts";
import { runCommand } from "./lib/cli.ts";

const COMMAND = {
  usage: "usage: npm run check:generated -- [<generated dir>]",
  help: `Builds generated/ in memory from spec/ and compares it with the files on disk (default ${GENERATED_DIR}/).
Exit 0 when they match, 1 when a file is stale or extra (fix: npm run generate and commit).`,
  positionals: { min: 0, max: 1 },
};

await runCommand(COMMAND, async ({ positionals: [dir = GENERATED_DIR] }) => {
  const { stale, extra } = staleFiles(dir, (await buildGenerated()).files);
  if (stale.length === 0 && extra.length === 0) {
    process.stderr.write(`✔ ${dir}/ is up to date with spec/\n`);
    return 0;
  }
  for (const name of stale) process.stderr.write(`✖ ${dir}/${name} is stale\n`);
  for (const name of extra) process.stderr.write(`✖ ${dir}/${name} is not produced by the spec\n`);
  process.stderr.write("fix: run `npm run generate` and commit generated/\n");
  return 1;
});
