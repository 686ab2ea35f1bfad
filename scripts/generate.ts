/**
 * `npm run generate`: spec/ → generated/, or a non-zero exit that names the file, the place and the fix.
 * It also puts the spec into the canonical layout (scripts/spec/canonical.ts), the one a sync
 * writes, so that a hand edit and a sync never differ by layout alone. The project's own files
 * are replaced together through a journal (scripts/lib/transaction.ts).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildGenerated, GENERATED_DIR, inGeneratedDir, OVERLAY_FILE, SPEC_FILE } from "./spec/build.ts";
import { canonicalized } from "./spec/canonical.ts";
import { progress } from "./lib/progress.ts";
import { writeFilesAtomically } from "./lib/write-atomic.ts";
import { runCommand } from "./lib/cli.ts";
import { exitCleanlyOnSignals } from "./lib/interrupts.ts";
import { recoverBeforeRun, replaceTogether } from "./lib/transaction.ts";

const COMMAND = {
  usage: "usage: npm run generate -- [<spec> [<overlay> [<out dir>]]]",
  help: `Builds generated/ from the spec and its corrections: parse, OpenAPI 3.1 and $ref check, overlay,
lint, openapi-typescript, then writes all files together, with the spec put in the canonical layout.
Defaults: ${SPEC_FILE}, ${OVERLAY_FILE}, ${GENERATED_DIR}/. A bad input stops it with file:line:col, the
problem and the fix; nothing is written.`,
  positionals: { min: 0, max: 3 },
};

await runCommand(
  COMMAND,
  async ({ positionals: [spec = SPEC_FILE, overlay = OVERLAY_FILE, outDir = GENERATED_DIR] }) => {
    exitCleanlyOnSignals();
    const ownFiles = resolve(spec) === resolve(SPEC_FILE) && resolve(outDir) === resolve(GENERATED_DIR);
    if (ownFiles) recoverBeforeRun(process.cwd());
    const step = progress(6);
    const result = await buildGenerated({ spec, overlay, step });
    // Only the project's own spec is put in the canonical layout; a spec given by path is only read.
    const text = ownFiles ? readFileSync(spec, "utf8") : "";
    const canonical = ownFiles ? canonicalized(text) : text;
    await step(`write ${outDir}/${canonical === text ? "" : ` and ${spec} (canonical layout)`}`, () => {
      if (!ownFiles) return writeFilesAtomically(outDir, result.files);
      const files = inGeneratedDir(result.files);
      if (canonical !== text) files[SPEC_FILE] = canonical;
      replaceTogether(process.cwd(), files);
    });
    for (const warning of result.warnings) process.stderr.write(`  warn: ${warning}\n`);
    const summary = `${Object.keys(result.files).length} files in ${outDir}/, ${result.corrections.length} corrections applied`;
    process.stderr.write(`${summary}, ${result.warnings.length} lint warnings\n`);
  },
);
