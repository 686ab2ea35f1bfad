import { performance } from "node:perf_hooks";

export const HEARTBEAT_MS = 2000;

/**
 * Runs long work with a pulse: every `everyMs` it prints `  … <label>: <status> (12 s)` to stderr,
 * so that a step of many seconds (a test run, a mock starting) is seen to move. `status` says
 * what is done so far (for example, how many tests have passed).
 */
export async function withHeartbeat<T>(
  label: string,
  work: () => Promise<T> | T,
  options: { status?: () => string; everyMs?: number; out?: NodeJS.WritableStream } = {},
): Promise<T> {
  const { status = () => "still running", everyMs = HEARTBEAT_MS, out = process.stderr } = options;
  const started = performance.now();
  const timer = setInterval(() => {
    const seconds = Math.round((performance.now() - started) / 1000);
    out.write(`  … ${label}: ${status()} (${seconds} s)\n`);
  }, everyMs);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
