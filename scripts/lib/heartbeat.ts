import { performance } from "node:perf_hooks";
import { isLiveStream, trackStatus } from "./progress.ts";

/** The first pulse comes after a couple of seconds, the next ones less often, so that a long log stays readable. */
export const FIRST_PULSE_MS = 2000;
export const PULSE_MS = 10_000;

/**
 * Runs long work with a pulse: `  … <label>: <status> (12 s)`, where `status` says what is done so
 * far (for example, how many tests ran). On a terminal it is the live line of lib/progress.ts
 * (it takes over the running step's line until the work ends); elsewhere, a step of minutes (a
 * test run in a CI log) is seen to move by a line on stderr after `firstMs`, then every `everyMs`.
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
  const pulse = () => `  … ${label}: ${status()} (${Math.round((performance.now() - started) / 1000)} s)`;
  if (isLiveStream(out)) {
    const tracked = trackStatus(label, out, { render: pulse, liveAfterMs: firstMs });
    try {
      return await work();
    } finally {
      tracked.end();
    }
  }
  let repeat: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    out.write(`${pulse()}\n`);
    repeat = setInterval(() => out.write(`${pulse()}\n`), everyMs).unref();
  }, firstMs).unref();
  try {
    return await work();
  } finally {
    clearTimeout(first);
    clearInterval(repeat);
  }
}
