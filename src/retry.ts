import { QStashGuardError } from "./guard-error.ts";
import { readRateLimits, retryAfterMs } from "./rate-limit.ts";

export interface RetryOptions {
  /** Attempts in all, the first included. Default 4. */
  attempts?: number;
  /** First backoff step in ms; each retry doubles it, with full jitter. Default 200. */
  baseDelay?: number;
  /** Longest single wait in ms; a Retry-After or reset further away ends the retries. Default 10 000. */
  maxDelay?: number;
  /** Budget for the whole call, waits included, in ms. Default 30 000. */
  maxElapsed?: number;
}

export const RETRY_DEFAULTS: Required<RetryOptions> = {
  attempts: 4,
  baseDelay: 200,
  maxDelay: 10_000,
  maxElapsed: 30_000,
};

/**
 * The defaults with the caller's options over them. The retry loop follows the server's answers, so
 * its bound must hold: `attempts` a whole number from 1 (NaN or Infinity would never end it), the
 * delays and budget numbers from 0.
 */
export function retryPolicy(options: RetryOptions | undefined): Required<RetryOptions> {
  const policy = { ...RETRY_DEFAULTS, ...options };
  for (const [name, value] of Object.entries(policy)) {
    const fits = name === "attempts" ? Number.isInteger(value) && value >= 1 : value >= 0;
    if (!fits) throw new QStashGuardError(`retry.${name}: ${value} would not bound the retries`);
  }
  return policy;
}

/** Statuses that say "not now" rather than "no": the same request may succeed later. */
export const isRetryableStatus = (status: number) =>
  status === 429 || (status >= 500 && status !== 501 && status !== 505);

/**
 * Whether sending the request twice is harmless. GET, HEAD, OPTIONS, PUT and DELETE are
 * idempotent by HTTP's definition; a POST or PATCH only when QStash drops the duplicate
 * itself (a deduplication id, or content-based deduplication). Header names are lower case.
 */
export const isSafeToRepeat = (method: string, headers: Record<string, string>): boolean =>
  /^(GET|HEAD|OPTIONS|PUT|DELETE)$/.test(method) ||
  Boolean(headers["upstash-deduplication-id"]) ||
  headers["upstash-content-based-deduplication"] === "true";

/**
 * How long to wait before the next attempt, or undefined to stop: Retry-After first, then the
 * reset of an exhausted QStash rate limit, else exponential backoff with full jitter. A wait
 * longer than maxDelay or than what is left of the budget stops the retries: the caller gets
 * the 429 with its figures instead of a call that sleeps past its deadline.
 */
export function nextDelay(
  retry: Required<RetryOptions>,
  retryNumber: number,
  headers: Headers | undefined,
  left: number,
  now = Date.now(),
): number | undefined {
  const exhausted = headers && readRateLimits(headers, now).find((r) => r.remaining === 0 && r.reset !== undefined);
  const wait =
    (headers && retryAfterMs(headers, now)) ??
    (exhausted
      ? Math.max(0, exhausted.reset! - now)
      : Math.random() * Math.min(retry.maxDelay, retry.baseDelay * 2 ** (retryNumber - 1)));
  return wait > retry.maxDelay || wait >= left ? undefined : wait;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts; leaves no timer behind. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener("abort", abort);
      resolve();
    };
    const abort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}
