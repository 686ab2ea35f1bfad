/** `npm run generate`: spec/ → generated/, or a non-zero exit that names the file, the place and the fix. */
import { buildGenerated, GENERATED_DIR, OVERLAY_FILE, SPEC_FILE } from "./spec/build.ts";
import { progress } from "./lib/progress.ts";
import { writeFilesAtomically } from "./lib/write-atomic.ts";
import { runCommand } from "./lib/cli.ts";

const COMMAND = {
  usage: "usage: npm run generate -- [<spec> [<overlay> [<out dir>]]]",
  help: `Builds generated/ from the spec and its corrections: parse, OpenAPI 3.1 and $ref check, overlay,
lint, openapi-typescript, then an atomic write of all files. Defaults: ${SPEC_FILE}, ${OVERLAY_FILE},
${GENERATED_DIR}/. A bad input stops it with file:line:col, the problem and the fix; nothing is written.`,
  positionals: { min: 0, max: 3 },
};

await runCommand(COMMAND, async ({ positionals: [spec, overlay, outDir = GENERATED_DIR] }) => {
  const step = progress(6);
  const result = await buildGenerated({ spec, overlay, step });
  await step(`write ${outDir}/ atomically`, () => writeFilesAtomically(outDir, result.files));
  for (const warning of result.warnings) process.stderr.write(`  warn: ${warning}\n`);
  const summary = `${Object.keys(result.files).length} files in ${outDir}/, ${result.corrections.length} corrections applied`;
  process.stderr.write(`${summary}, ${result.warnings.length} lint warnings\n`);
});
