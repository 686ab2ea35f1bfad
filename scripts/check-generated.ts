/** `npm run check:generated`: fails when generated/ differs from what spec/ produces now. */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { buildGenerated, GENERATED_DIR } from "./spec/build.ts";
import { runCli } from "./lib/run-cli.ts";

const dir = process.argv[2] ?? GENERATED_DIR;

await runCli(async () => {
  const { files } = await buildGenerated();
  const stale = Object.entries(files)
    .filter(([name, content]) => !existsSync(join(dir, name)) || readFileSync(join(dir, name), "utf8") !== content)
    .map(([name]) => name);
  const extra = existsSync(dir) ? readdirSync(dir).filter((name) => !(name in files)) : [];
  if (stale.length === 0 && extra.length === 0) {
    process.stderr.write(`✔ ${dir}/ is up to date with spec/\n`);
    return 0;
  }
  for (const name of stale) process.stderr.write(`✖ ${dir}/${name} is stale\n`);
  for (const name of extra) process.stderr.write(`✖ ${dir}/${name} is not produced by the spec\n`);
  process.stderr.write("fix: run `npm run generate` and commit generated/\n");
  return 1;
});
