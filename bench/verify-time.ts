/**
 * Wall time of the main job, `npm run verify` (generate, start Prism, run every suite, write
 * reports), as a median of several runs, with the CPU time each run used and the machine's load
 * around them: on a shared machine the wall time depends on the neighbours, the CPU time much less.
 * Runs node with tsx as a loader, not through npm, so that npm's own start-up does not blur the figure.
 * Usage: node --import tsx bench/verify-time.ts [runs]
 */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { machineLoad, waitedChildrenCpuSeconds } from "./cpu.ts";
import { median } from "./stats.ts";

export interface VerifyTime {
  runs: number[];
  medianMs: number;
  /** CPU seconds of each run (all its threads), when /proc can tell. */
  cpuSeconds: (number | null)[];
  medianCpuSeconds: number | null;
  loadBefore: string;
  loadAfter: string;
  /** The last run's summary line of the operations suite (cases, requests, seed). */
  operations: string;
}

export function benchVerifyTime(runs = 5): VerifyTime {
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`benchVerifyTime: runs must be a positive integer, got ${runs}`);
  const cores = availableParallelism();
  const loadBefore = machineLoad(cores);
  const times: number[] = [];
  const cpu: (number | null)[] = [];
  let operations = "";
  for (let i = 0; i < runs; i++) {
    const cpuBefore = waitedChildrenCpuSeconds();
    const started = performance.now();
    const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/verify.ts"], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    times.push(performance.now() - started);
    const cpuAfter = waitedChildrenCpuSeconds();
    cpu.push(cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore);
    if (result.status !== 0)
      throw new Error(`verify run ${i + 1} exited with ${result.status}; run \`npm run verify\` to see why`);
    operations =
      result.stdout.split("\n").find((line) => / operations, \d+ cases, \d+ requests/.test(line)) ?? operations;
  }
  const known = cpu.filter((c): c is number => c !== null);
  return {
    runs: times,
    medianMs: median(times),
    cpuSeconds: cpu,
    medianCpuSeconds: known.length === cpu.length ? median(known) : null,
    loadBefore,
    loadAfter: machineLoad(cores),
    operations,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Number(process.argv[2] ?? 5);
  const result = benchVerifyTime(runs);
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const cpuRuns = result.cpuSeconds.map((c) => c?.toFixed(2)).join(", ");
  const cpu =
    result.medianCpuSeconds === null ? "" : `; CPU median ${result.medianCpuSeconds.toFixed(2)} s (${cpuRuns} s)`;
  process.stdout.write(
    [
      `npm run verify: median ${seconds(result.medianMs)} s over ${runs} runs (${result.runs.map(seconds).join(", ")} s)${cpu}`,
      `operations: ${result.operations}`,
      `machine: before ${result.loadBefore}; after ${result.loadAfter}`,
      "",
    ].join("\n"),
  );
}
