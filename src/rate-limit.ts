/**
 * QStash's rate-limit figures, as its "API Rate Limit Response" page documents them:
 * daily limit `RateLimit-{Limit,Remaining,Reset}` (publish, enqueue, batch), burst limit
 * `Burst-RateLimit-{Limit,Remaining,Reset}` (per second, every endpoint), chat limit
 * `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`.
 */
export interface RateLimit {
  kind: "burst" | "daily" | "chat-requests" | "chat-tokens";
  limit?: number;
  remaining?: number;
  /** When the window resets, Unix milliseconds. */
  reset?: number;
}

const KINDS: [RateLimit["kind"], string, string][] = [
  ["burst", "burst-ratelimit-", ""],
  ["daily", "ratelimit-", ""],
  ["chat-requests", "x-ratelimit-", "-requests"],
  ["chat-tokens", "x-ratelimit-", "-tokens"],
];

/**
 * Every kind of rate limit the headers report, the exhausted ones (remaining 0) first:
 * that is the one a 429 is about.
 */
export function readRateLimits(headers: Headers, now = Date.now()): RateLimit[] {
  const found: RateLimit[] = [];
  for (const [kind, prefix, suffix] of KINDS) {
    const read = (field: string) => headers.get(prefix + field + suffix);
    const limit = read("limit"), remaining = read("remaining"), reset = read("reset");
    if (limit === null && remaining === null && reset === null) continue;
    found.push({ kind, limit: toNumber(limit), remaining: toNumber(remaining), reset: toInstant(reset, now) });
  }
  return found.sort((a, b) => Number(a.remaining !== 0) - Number(b.remaining !== 0));
}

function toNumber(value: string | null): number | undefined {
  const n = value === null || value.trim() === "" ? NaN : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The page calls every reset a Unix timestamp; the chat kind's values are also seen as
 * durations ("6m0s", "1.5s", "20ms"). Seconds, milliseconds and durations are told apart
 * by magnitude and suffix.
 */
export function toInstant(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const n = toNumber(value);
  if (n !== undefined) return n >= 1e12 ? n : n >= 1e9 ? n * 1000 : now + n * 1000;
  let ms = 0, matched = "";
  for (const [part, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    ms += Number(amount) * ({ ms: 1, s: 1e3, m: 6e4, h: 36e5 } as Record<string, number>)[unit];
    matched += part;
  }
  return matched && matched === value.trim() ? now + ms : undefined;
}

/** How long `Retry-After` asks to wait, in milliseconds (delta seconds or an HTTP date). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = toNumber(value);
  if (seconds !== undefined) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
