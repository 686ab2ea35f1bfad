/**
 * Wall time of `npm run sync` on the newest published pair (the facts of upstash/docs' two files,
 * tests/fixtures/published/history), each run in a fresh temp copy of the project:
 *
 * - nothing changed: the daily scheduled run when upstream did not move (the spec already holds
 *   these facts, so nothing is replaced and no suite runs);
 * - something to replace, suite skipped: generated/ is made stale first, so the sync builds,
 *   judges the claims on two mocks, replaces spec/ and generated/ and commits;
 * - something to replace, with the suite (a measure of its own, off by default: it is mostly the
 *   whole test run, which the `test` measure times already).
 *
 * Runs node with tsx as a loader, not through npm, so that npm's start-up does not blur the figure.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Progress } from "../scripts/lib/progress.ts";
import { failedRun, timedRun } from "./child.ts";
import type { Measure } from "./measure.ts";
import { figureOf, ROOT } from "./results.ts";
import { median, medianOf } from "./stats.ts";

const HISTORY = join(ROOT, "tests/fixtures/published/history");
const LEFT_OUT = new Set(["node_modules", ".git", "reports", "dist", ".scratch", ".qstash-transaction"]);

interface Variant {
  name: string;
  /** generated/ made stale first, so that the sync has something to replace. */
  stale: boolean;
  flags: string[];
}

const UNCHANGED: Variant = { name: "nothing changed", stale: false, flags: ["--skip-tests"] };
const REPLACED: Variant = { name: "generated/ stale, suite skipped", stale: true, flags: ["--skip-tests"] };
const WITH_TESTS: Variant = { name: "generated/ stale, with the whole test run", stale: true, flags: [] };

/** Each variant once per round, the order rotating round by round, so that drift hits them alike; seconds per run. */
async function timeSync(variants: Variant[], rounds: number, progress: Progress): Promise<number[][]> {
  const newest = JSON.parse(readFileSync(join(HISTORY, "index.json"), "utf8")).states.at(-1);
  const pair = [join(HISTORY, newest.qstash), join(HISTORY, newest.workflow)];
  const seconds = variants.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    progress.count(round, rounds, "rounds");
    for (let k = 0; k < variants.length; k++) {
      const index = (round + k) % variants.length;
      const variant = variants[index]!;
      const copy = projectCopy();
      try {
        if (variant.stale) appendFileSync(join(copy, "generated/operations.ts"), "// stale\n");
        const run = await timedRun(
          process.execPath,
          ["--import", "tsx", "scripts/sync.ts", ...pair, ...variant.flags],
          {
            cwd: copy,
          },
        );
        if (run.code !== 0) throw failedRun(`sync (${variant.name}), round ${round + 1}`, run);
        seconds[index]!.push(run.ms / 1000);
        progress.line(`  ✔ sync round ${round + 1}/${rounds}, ${variant.name}: ${(run.ms / 1000).toFixed(2)} s`);
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    }
  }
  return seconds;
}

function projectCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), "qstash-bench-sync-"));
  cpSync(ROOT, copy, { recursive: true, filter: (source) => !LEFT_OUT.has(source.slice(ROOT.length).split("/")[0]!) });
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"));
  return copy;
}

function measureOf(variants: Variant[], rounds: number, seconds: number[][]) {
  return {
    runs: rounds,
    statistic: variants.length > 1 ? `${medianOf(rounds, "round")} of the cases interleaved` : medianOf(rounds, "run"),
    sideBySide: variants.length > 1 ? variants.map((v) => v.name) : [],
    figures: variants.map((v, i) => ({
      name: v.name,
      value: median(seconds[i]!),
      unit: "s" as const,
      samples: seconds[i]!,
    })),
  };
}

export const syncMeasure: Measure = {
  id: "sync",
  title: "`npm run sync` of the newest published pair, in a temp copy",
  about: "npm run sync of the newest published pair in a temp copy: nothing changed, generated/ stale; a round: both",
  defaultRuns: 3,
  runNoun: "round",
  async run(rounds, progress) {
    const variants = [UNCHANGED, REPLACED];
    return measureOf(variants, rounds, await timeSync(variants, rounds, progress));
  },
  cells(result) {
    const at = (v: Variant) => `${figureOf(result, v.name).value.toFixed(2)} s`;
    return { figures: `nothing changed ${at(UNCHANGED)} · generated/ stale, suite skipped ${at(REPLACED)}` };
  },
};

export const syncTestsMeasure: Measure = {
  id: "sync-tests",
  title: "`npm run sync` of the newest published pair, generated/ stale, with its whole test run",
  about: "the same sync with its whole test run (mostly the test run itself)",
  defaultRuns: 0,
  runNoun: "run",
  async run(runs, progress) {
    return measureOf([WITH_TESTS], runs, await timeSync([WITH_TESTS], runs, progress));
  },
  cells(result) {
    return { figures: `${figureOf(result, WITH_TESTS.name).value.toFixed(1)} s` };
  },
};
