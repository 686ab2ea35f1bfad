import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Wall time of the whole vitest run, Prism's start included: each run is a fresh
 * `npx vitest run` process, timed from spawn to exit. A benchmark, not a test: it asserts
 * nothing and exits non-zero only when a run fails.
 */
export interface SuiteTimes {
  runsMs: number[];
  medianMs: number;
}

export async function benchSuiteTime(runs: number, args: string[] = []): Promise<SuiteTimes> {
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`benchSuiteTime: runs must be a positive integer, got ${runs}`);
  const runsMs: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const ms = await timeOneRun(args);
    runsMs.push(ms);
    console.log(`✔ [${i}/${runs}] vitest run (${(ms / 1000).toFixed(2)} s)`);
  }
  return { runsMs, medianMs: median(runsMs) };
}

function timeOneRun(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("npx", ["vitest", "run", ...args], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, CI: "1" },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on("error", reject);
    child.on("exit", (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`vitest run exited with ${code}; the timing would mean nothing.\n${stderr}`));
    });
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = Number(process.argv[2] ?? 5);
  benchSuiteTime(runs, process.argv.slice(3))
    .then(({ runsMs, medianMs }) => {
      console.log(
        `whole suite (vitest run, Prism start included), ${runs} runs: ${runsMs.map((ms) => (ms / 1000).toFixed(2)).join(" s, ")} s`,
      );
      console.log(`median ${(medianMs / 1000).toFixed(2)} s`);
    })
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
