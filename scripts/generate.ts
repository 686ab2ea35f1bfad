/** `npm run generate`: spec/ → generated/, or a non-zero exit that names the file, the place and the fix. */
import { buildGenerated, GENERATED_DIR } from "./spec/build.ts";
import { progress } from "./lib/progress.ts";
import { writeFilesAtomically } from "./lib/write-atomic.ts";
import { runCli } from "./lib/run-cli.ts";

const [spec, overlay, outDir = GENERATED_DIR] = process.argv.slice(2);

await runCli(async () => {
  const step = progress(6);
  const result = await buildGenerated({ spec, overlay, step });
  await step(`write ${outDir}/ atomically`, () => writeFilesAtomically(outDir, result.files));
  for (const warning of result.warnings) process.stderr.write(`  warn: ${warning}\n`);
  process.stderr.write(`${Object.keys(result.files).length} files in ${outDir}/, ${result.corrections.length} corrections applied, ${result.warnings.length} lint warnings\n`);
});
