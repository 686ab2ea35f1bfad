/**
 * Wall time of the whole test run, what `npm test` runs (`vitest run`, Prism's start and every
 * child process included), each run a fresh process timed from spawn to exit. vitest's bin is run
 * by node itself, not through npm or npx, so that their start-up does not blur the figure.
 */
import { join } from "node:path";
import { timedRun } from "./child.ts";
import type { Measure } from "./measure.ts";
import { medianSeconds, repeatRuns } from "./repeat.ts";
import { figureOf, ROOT } from "./results.ts";
import { grouped } from "./stats.ts";

const VITEST = join(ROOT, "node_modules/vitest/vitest.mjs");
const FIGURE = "npm test";
/** Issue 20's aim for the whole run on the quiet 2-core machine. */
const TARGET_SECONDS = 45;
const ANSI = /\x1b\[[0-9;]*m/g;

export const testMeasure: Measure = {
  id: "test",
  title: "`npm test` wall time, mocks and child processes included",
  target: `≤ ${TARGET_SECONDS} s on the quiet machine`,
  about: "wall time of the whole vitest run (npm test)",
  defaultRuns: 1,
  runNoun: "run",
  async run(runs, progress) {
    const passed = (stdout: string) => /^\s*Tests\s+(\d+) passed/m.exec(stdout.replace(ANSI, ""))?.[1];
    const repeated = await repeatRuns(
      "vitest",
      runs,
      progress,
      () => timedRun(process.execPath, [VITEST, "run"], { env: { ...process.env, CI: "1" } }),
      (stdout) => (passed(stdout) ? `, ${passed(stdout)} tests` : ""),
    );
    const tests = passed(repeated.stdout.at(-1)!);
    return medianSeconds(FIGURE, repeated, tests ? { tests: Number(tests) } : {});
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
