/**
 * `npm run diff -- <old> <new> [--out dir]`: what changed between two descriptions for callers of
 * the typed client. Prints the Markdown report, writes changes.md and changes.json (reports/ by
 * default). Exit code: 0 nothing breaks, 1 something breaks, 2 an input is unusable.
 */
import { parseArgs } from "node:util";
import { compareDescriptions } from "./diff/compare-descriptions.ts";
import { loadDescription } from "./diff/load-description.ts";
import { REPORTS_DIR, writeChangeReport } from "./diff/write-report.ts";
import { SpecError } from "./spec/spec-error.ts";

const USAGE = "usage: npm run diff -- <old description> <new description> [--out <dir>]";

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { out: { type: "string", default: REPORTS_DIR } } });
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [oldSource, newSource, ...rest] = parsed.positionals;
  if (!oldSource || !newSource || rest.length > 0) {
    process.stderr.write(`error: expected two descriptions\n${USAGE}\n`);
    return 2;
  }
  let report;
  try {
    const [before, after] = await Promise.all([loadDescription(oldSource), loadDescription(newSource)]);
    report = compareDescriptions(before.document, after.document, { old: before.name, new: after.name });
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return 2;
  }
  const markdown = writeChangeReport(report, parsed.values.out);
  process.stdout.write(markdown);
  process.stderr.write(`${report.summary.changes} change(s), ${report.summary.breaking} breaking; wrote ${parsed.values.out}/changes.md and changes.json\n`);
  return report.summary.breaking > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    process.stderr.write(`error: ${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
