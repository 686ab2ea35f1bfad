/**
 * Wall time of the main job, `npm run verify` (generate, start Prism, run every suite, write
 * reports), with the CPU time each run used: on a shared machine the wall time depends on the
 * neighbours, the CPU time much less. Runs node with tsx as a loader, not through npm, so that
 * npm's own start-up does not blur the figure.
 */
import { waitedChildrenCpuSeconds } from "./cpu.ts";
import { failedRun, timedRun } from "./child.ts";
import type { Measure } from "./measure.ts";
import { figureOf } from "./results.ts";
import { grouped, median, medianOf } from "./stats.ts";

const FIGURE = "npm run verify";
const TARGET_SECONDS = 10;

export const verifyMeasure: Measure = {
  id: "verify",
  title: "`npm run verify` wall time, four suites",
  target: `≤ ${TARGET_SECONDS} s`,
  about: "wall time of npm run verify (generate, Prism, the four suites, reports); a run is one whole verify",
  defaultRuns: 3,
  async run(runs, progress) {
    const seconds: number[] = [];
    const cpu: (number | null)[] = [];
    let summary: RegExpExecArray | null = null;
    for (let i = 1; i <= runs; i++) {
      progress.count(i - 1, runs, "runs");
      const cpuBefore = waitedChildrenCpuSeconds();
      const run = await timedRun(process.execPath, ["--import", "tsx", "scripts/verify.ts"]);
      const cpuAfter = waitedChildrenCpuSeconds();
      if (run.code !== 0) throw failedRun(`verify run ${i}`, run);
      seconds.push(run.ms / 1000);
      cpu.push(cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore);
      summary = /(\d+) operations, (\d+) cases, (\d+) requests/.exec(run.stdout) ?? summary;
      const cpuSaid = cpu.at(-1) === null ? "" : `, ${cpu.at(-1)!.toFixed(2)} s CPU`;
      progress.line(`  ✔ verify run ${i}/${runs}: ${seconds.at(-1)!.toFixed(2)} s${cpuSaid}`);
    }
    const known = cpu.filter((c): c is number => c !== null);
    return {
      runs,
      statistic: medianOf(runs, "run"),
      sideBySide: [],
      figures: [
        {
          name: FIGURE,
          value: median(seconds),
          unit: "s",
          samples: seconds,
          extra: {
            ...(known.length === runs ? { cpuSeconds: median(known) } : {}),
            ...(summary ? { cases: Number(summary[2]), requests: Number(summary[3]) } : {}),
          },
        },
      ],
    };
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
