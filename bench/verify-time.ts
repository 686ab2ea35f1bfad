/**
 * Wall time of the main job, `npm run verify` (generate, start Prism, run every suite, write
 * reports), with the CPU time each run used: on a shared machine the wall time depends on the
 * neighbours, the CPU time much less. Runs node with tsx as a loader, not through npm, so that
 * npm's own start-up does not blur the figure.
 */
import { timedRun } from "./child.ts";
import type { Measure } from "./measure.ts";
import { medianSeconds, repeatRuns } from "./repeat.ts";
import { figureOf } from "./results.ts";
import { grouped } from "./stats.ts";

const FIGURE = "npm run verify";
const TARGET_SECONDS = 10;

export const verifyMeasure: Measure = {
  id: "verify",
  title: "`npm run verify` wall time, four suites",
  target: `≤ ${TARGET_SECONDS} s`,
  about: "wall time of one whole npm run verify",
  defaultRuns: 3,
  runNoun: "run",
  async run(runs, progress) {
    const counts = (stdout: string) => /(\d+) operations, (\d+) cases, (\d+) requests/.exec(stdout);
    const repeated = await repeatRuns("verify", runs, progress, () =>
      timedRun(process.execPath, ["--import", "tsx", "scripts/verify.ts"]),
    );
    const last = counts(repeated.stdout.at(-1)!);
    return medianSeconds(FIGURE, repeated, last ? { cases: Number(last[2]), requests: Number(last[3]) } : {});
  },
  cells(result) {
    const { value, extra = {} } = figureOf(result, FIGURE);
    const said = [
      extra.cpuSeconds === undefined ? "" : `${extra.cpuSeconds.toFixed(2)} s CPU`,
      extra.cases === undefined ? "" : `${grouped(extra.cases)} cases, ${grouped(extra.requests ?? 0)} requests`,
    ].filter(Boolean);
    return {
      figures: `**${value.toFixed(2)} s**${said.length ? ` (${said.join("; ")})` : ""}`,
      verdict: `**${value <= TARGET_SECONDS ? "met" : "missed"}**`,
    };
  },
};
