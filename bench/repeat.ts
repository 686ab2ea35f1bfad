import type { Progress } from "../scripts/lib/progress.ts";
import { type ChildRun, failedRun } from "./child.ts";
import { waitedChildrenCpuSeconds } from "./cpu.ts";
import type { Measurement } from "./measure.ts";
import { median, medianOf } from "./stats.ts";

export interface Repeated {
  seconds: number[];
  /** The median CPU seconds of a run (the child and all it started), when /proc could tell for every run. */
  cpuSeconds?: number;
  /** Each run's stdout, for the counts it prints. */
  stdout: string[];
}

/**
 * Runs one command `runs` times, one after the other, each run a line (`  ✔ verify run 2/3: 7.12 s,
 * 9.30 s CPU`, then what `say` adds from its output); a run that fails ends the measure.
 */
export async function repeatRuns(
  what: string,
  runs: number,
  progress: Progress,
  start: () => Promise<ChildRun>,
  say: (stdout: string) => string = () => "",
): Promise<Repeated> {
  const seconds: number[] = [];
  const cpu: (number | null)[] = [];
  const stdout: string[] = [];
  for (let i = 1; i <= runs; i++) {
    progress.count(i - 1, runs, "runs");
    const cpuBefore = waitedChildrenCpuSeconds();
    const run = await start();
    const cpuAfter = waitedChildrenCpuSeconds();
    if (run.code !== 0) throw failedRun(`${what} run ${i}`, run);
    seconds.push(run.ms / 1000);
    cpu.push(cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore);
    stdout.push(run.stdout);
    const cpuSaid = cpu.at(-1) === null ? "" : `, ${cpu.at(-1)!.toFixed(2)} s CPU`;
    progress.line(`  ✔ ${what} run ${i}/${runs}: ${seconds.at(-1)!.toFixed(2)} s${cpuSaid}${say(run.stdout)}`);
  }
  const known = cpu.filter((c): c is number => c !== null);
  return { seconds, stdout, ...(known.length === runs ? { cpuSeconds: median(known) } : {}) };
}

/** One figure in seconds, the median of the runs, with the CPU and the counts that go with it. */
export function medianSeconds(name: string, repeated: Repeated, counts: Record<string, number> = {}): Measurement {
  const { seconds, cpuSeconds } = repeated;
  return {
    runs: seconds.length,
    statistic: medianOf(seconds.length, "run"),
    sideBySide: [],
    figures: [
      {
        name,
        value: median(seconds),
        unit: "s",
        samples: seconds,
        extra: { ...(cpuSeconds === undefined ? {} : { cpuSeconds }), ...counts },
      },
    ],
  };
}
