/**
 * Wall time of the whole test run, what `npm test` runs (`vitest run`, Prism's start and every
 * child process included), each run a fresh process timed from spawn to exit. vitest's bin is run
 * by node itself, not through npm or npx, so that their start-up does not blur the figure.
 */
import { join } from "node:path";
import { failedRun, timedRun } from "./child.ts";
import type { Measure } from "./measure.ts";
import { figureOf, ROOT } from "./results.ts";
import { grouped, median, medianOf } from "./stats.ts";

const VITEST = join(ROOT, "node_modules/vitest/vitest.mjs");
const FIGURE = "npm test";
/** Issue 20's aim for the whole run on the quiet 2-core machine. */
const TARGET_SECONDS = 45;
const ANSI = /\x1b\[[0-9;]*m/g;

export const testMeasure: Measure = {
  id: "test",
  title: "`npm test` wall time, mocks and child processes included",
  target: `≤ ${TARGET_SECONDS} s on the quiet machine`,
  about: "wall time of the whole vitest run (npm test); once by default, as it is the longest measure",
  defaultRuns: 1,
  async run(runs, progress) {
    const seconds: number[] = [];
    let tests: number | undefined;
    for (let i = 1; i <= runs; i++) {
      progress.count(i - 1, runs, "runs");
      const run = await timedRun(process.execPath, [VITEST, "run"], { env: { ...process.env, CI: "1" } });
      if (run.code !== 0) throw failedRun(`vitest run ${i}`, run);
      seconds.push(run.ms / 1000);
      const passed = /^\s*Tests\s+(\d+) passed/m.exec(run.stdout.replace(ANSI, ""));
      tests = passed ? Number(passed[1]) : tests;
      progress.line(
        `  ✔ vitest run ${i}/${runs}: ${seconds.at(-1)!.toFixed(1)} s${passed ? `, ${passed[1]} tests` : ""}`,
      );
    }
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
          ...(tests === undefined ? {} : { extra: { tests } }),
        },
      ],
    };
  },
  cells(result) {
    const { value, samples = [], extra = {} } = figureOf(result, FIGURE);
    const detail = [
      extra.tests === undefined ? "" : `${grouped(extra.tests)} tests`,
      samples.length > 1 ? `runs ${samples.map((s) => s.toFixed(1)).join(", ")} s` : "",
    ]
      .filter(Boolean)
      .join("; ");
    return {
      figures: `**${value.toFixed(1)} s**${detail ? ` (${detail})` : ""}`,
      verdict: `**${value <= TARGET_SECONDS ? "met" : "missed"}**`,
    };
  },
};
