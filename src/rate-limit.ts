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

/** Each kind and its header names, `*` standing for limit, remaining and reset. */
const KINDS: [RateLimit["kind"], string][] = [
  ["burst", "burst-ratelimit-*"],
  ["daily", "ratelimit-*"],
  ["chat-requests", "x-ratelimit-*-requests"],
  ["chat-tokens", "x-ratelimit-*-tokens"],
];

/**
 * Every kind of rate limit the headers report, the exhausted ones (remaining 0) first:
 * that is the one a 429 is about.
 */
export function readRateLimits(headers: Headers, now = Date.now()): RateLimit[] {
  const found: RateLimit[] = [];
  for (const [kind, names] of KINDS) {
    const [limit, remaining, reset] = ["limit", "remaining", "reset"].map((field) =>
      headers.get(names.replace("*", field)),
    );
    if ((limit ?? remaining ?? reset) === null) continue;
    found.push({ kind, limit: toNumber(limit), remaining: toNumber(remaining), reset: toInstant(reset, now) });
  }
  return found.sort((a, b) => +(a.remaining !== 0) - +(b.remaining !== 0));
}

function toNumber(value: string | null | undefined): number | undefined {
  const n = value?.trim() ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

const UNITS: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 36e5 };

/**
 * The page calls every reset a Unix timestamp; the chat kind's values are also seen as
 * durations ("6m0s", "1.5s", "20ms"). Seconds, milliseconds and durations are told apart
 * by magnitude and suffix.
 */
export function toInstant(value: string | null, now = Date.now()): number | undefined {
  const n = toNumber(value);
  if (n !== undefined) return n >= 1e12 ? n : n >= 1e9 ? n * 1000 : now + n * 1000;
  let ms = 0;
  const add = (_: string, amount: string, unit: string) => ((ms += +amount * UNITS[unit]!), "");
  const rest = value?.trim().replace(/(\d+(?:\.\d+)?)(ms|h|m|s)/g, add);
  return value?.trim() && rest === "" ? now + ms : undefined;
}

/** How long `Retry-After` asks to wait, in milliseconds (delta seconds or an HTTP date). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get("retry-after");
  const seconds = toNumber(value);
  // Stryker disable next-line StringLiteral: with no header the fallback need only be no date: NaN either way
  const wait = seconds === undefined ? Date.parse(value ?? "") - now : seconds * 1000;
  return Number.isNaN(wait) ? undefined : Math.max(0, wait);
}
