/**
 * Wall time of the main job, `npm run verify` (generate, start Prism, run every suite, write
 * reports), as a median of several runs. Runs node with tsx as a loader, not through npm, so
 * that npm's own start-up does not blur the figure.
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

export interface VerifyTime {
  runs: number[];
  medianMs: number;
}

export function benchVerifyTime(runs = 5): VerifyTime {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/verify.ts"], { stdio: "ignore" });
    if (result.status !== 0) throw new Error(`verify run ${i + 1} exited with ${result.status}; run \`npm run verify\` to see why`);
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { runs: times, medianMs: sorted[Math.floor(sorted.length / 2)] };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Number(process.argv[2] ?? 5);
  const { runs: times, medianMs } = benchVerifyTime(runs);
  process.stdout.write(`npm run verify: median ${(medianMs / 1000).toFixed(2)} s over ${runs} runs (${times.map((t) => (t / 1000).toFixed(2)).join(", ")} s)\n`);
}
