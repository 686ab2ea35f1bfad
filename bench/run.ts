/**
 * `npm run bench`: measures with contenders interleaved in one run and medians reported (see
 * bench/measures.ts), writes bench/results.json and the README's results table rendered from it.
 * Targets are reported, never asserted: timings do not belong in tests.
 */
import { relative, resolve } from "node:path";
import { runCommand } from "../scripts/lib/cli.ts";
import { exitCleanlyOnSignals } from "../scripts/lib/interrupts.ts";
import { MEASURES } from "./measures.ts";
import { planRuns } from "./plan.ts";
import { renderTable } from "./readme-table.ts";
import { RESULTS_FILE, ROOT } from "./results.ts";
import { commandLine, commitMeasured } from "./run-info.ts";
import { runMeasures, saveResults } from "./run-measures.ts";

const COMMAND = {
  usage: "usage: npm run bench -- [--runs N] [--runs <measure>=N] [--only <measure>] [--skip <measure>] [--out <file>]",
  help: `Measures, with what is compared interleaved in one run and medians reported, and writes the
results to ${RESULTS_FILE} (a measure run now replaces its older result; the others stay) and the
README's results table rendered from that file. A run of the defaults takes about 2 minutes on a
quiet 2-core machine plus one whole test run, under 5 minutes in all.

The measures (default runs; 0: only when named):
${MEASURES.map((m) => `  ${m.id.padEnd(11)} ${String(m.defaultRuns).padStart(2)} ${`${m.runNoun}${m.defaultRuns === 1 ? "" : "s"}`.padEnd(7)} ${m.about}`).join("\n")}

  --runs N            N runs of every measure that runs (0 skips them); a measure off by default
                      runs only when named
  --runs <measure>=N  N runs of that measure (0 skips it); repeatable
  --only <measure>    only these measures (comma-separated or repeated); one off by default runs once
  --skip <measure>    leave these out (comma-separated or repeated)
  --out <file>        write the results there instead, and leave the README alone`,
  options: {
    runs: { type: "string" as const, multiple: true },
    only: { type: "string" as const, multiple: true },
    skip: { type: "string" as const, multiple: true },
    out: { type: "string" as const },
  },
};

await runCommand(COMMAND, async ({ values }) => {
  exitCleanlyOnSignals();
  const plan = planRuns(MEASURES, values as { runs?: string[]; only?: string[]; skip?: string[] });
  if (plan.every((p) => p.runs === 0)) {
    process.stderr.write("nothing to measure: every measure chosen has 0 runs; nothing written\n");
    return 0;
  }
  const out = values.out === undefined ? RESULTS_FILE : relative(ROOT, resolve(values.out as string));
  const argv = process.argv.slice(2);
  const { fresh, failed } = await runMeasures(plan, { command: commandLine(argv), commit: commitMeasured() });
  if (fresh.length) {
    const written = saveResults(fresh, MEASURES, { file: out, readme: values.out === undefined });
    const measured = MEASURES.filter((m) => fresh.some((r) => r.measure === m.id));
    const shown = written.map((file) => (file === out ? ((values.out as string | undefined) ?? file) : file));
    process.stdout.write(`${renderTable({ measures: fresh }, measured)}\n\nwritten: ${shown.join(", ")}\n`);
  }
  if (failed.length) {
    process.stdout.write(
      `\n${failed.length} measure(s) failed, their older results kept: ${failed.map((f) => `${f.measure} (${f.reason})`).join("; ")}\n`,
    );
    return 1;
  }
  return 0;
});
