/** `npm run check:generated`: fails when generated/ differs from what spec/ produces now. */
import { buildGenerated, GENERATED_DIR } from "./spec/build.ts";
import { staleFiles } from "./spec/stale-files.ts";
import { runCli } from "./lib/run-cli.ts";

const dir = process.argv[2] ?? GENERATED_DIR;

await runCli(async () => {
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
