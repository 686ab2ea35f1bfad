/**
 * `npm run diff -- <old> <new> [--out dir]`: what changed between two descriptions for callers of
 * the typed client. Prints the Markdown report, writes changes.md and changes.json (reports/ by
 * default). Exit code: 0 nothing stops compiling (warnings, changes that may fail at run time, are
 * listed but do not fail), 1 a caller written against the old types stops compiling, 2 an input or
 * flag is unusable.
 */
import { compareDescriptions } from "./diff/compare-descriptions.ts";
import { loadDescription } from "./diff/load-description.ts";
import { REPORTS_DIR, writeChangeReport } from "./diff/write-report.ts";
import { runCommand } from "./lib/cli.ts";

const COMMAND = {
  usage: "usage: npm run diff -- <old description> <new description> [--out <dir>]",
  help: `Compares two OpenAPI descriptions (paths or http(s) addresses) for callers of the typed client and
classifies every change: ❌ breaking (a caller written against the old types stops compiling), ⚠️ warning
(it still compiles but may fail at run time, e.g. a tighter limit on a request value), ✅ fine.
Writes <dir>/changes.md and changes.json (default ${REPORTS_DIR}/).
Exit 0 nothing breaks (warnings alone exit 0), 1 something breaks, 2 an input or a flag is unusable.`,
  options: { out: { type: "string" as const, default: REPORTS_DIR } },
  positionals: { min: 2, max: 2 },
};

await runCommand(
  COMMAND,
  async ({ values, positionals: [oldSource, newSource] }) => {
    const out = values.out as string;
    const [before, after] = await Promise.all([loadDescription(oldSource), loadDescription(newSource)]);
    const report = compareDescriptions(before.document, after.document, { old: before.name, new: after.name });
    const markdown = writeChangeReport(report, out);
    process.stdout.write(markdown);
    const { changes, breaking, warnings } = report.summary;
    process.stderr.write(
      `${changes} change(s), ${breaking} breaking, ${warnings} warning(s); wrote ${out}/changes.md and changes.json\n`,
    );
    return report.summary.breaking > 0 ? 1 : 0;
  },
  { specErrorCode: 2 },
);
