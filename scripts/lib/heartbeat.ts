import { performance } from "node:perf_hooks";

/** The first pulse comes after a couple of seconds, the next ones less often, so that a long log stays readable. */
export const FIRST_PULSE_MS = 2000;
export const PULSE_MS = 10_000;

/**
 * Runs long work with a pulse: after `firstMs`, then every `everyMs`, it prints
 * `  … <label>: <status> (12 s)` to stderr, so that a step of many seconds (a test run, a mock
 * starting) is seen to move. `status` says what is done so far (for example, how many tests ran).
 */
export async function withHeartbeat<T>(
  label: string,
  work: () => Promise<T> | T,
  options: { status?: () => string; firstMs?: number; everyMs?: number; out?: NodeJS.WritableStream } = {},
): Promise<T> {
  const {
    status = () => "still running",
    firstMs = FIRST_PULSE_MS,
    everyMs = PULSE_MS,
    out = process.stderr,
  } = options;
  const started = performance.now();
  const pulse = () => out.write(`  … ${label}: ${status()} (${Math.round((performance.now() - started) / 1000)} s)\n`);
  let repeat: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    pulse();
    repeat = setInterval(pulse, everyMs).unref();
  }, firstMs).unref();
  try {
    return await work();
  } finally {
    clearTimeout(first);
    clearInterval(repeat);
  }
}
