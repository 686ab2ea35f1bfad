import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createQStashClient, readRateLimits } from "../../src/index.ts";
import { retryAfterMs, toInstant } from "../../src/rate-limit.ts";
import { json, startLocalServer } from "../helpers/local-server.ts";

const NOW = 1_700_000_000_000;
test.each([
  [
    "burst, exhausted",
    {
      "Burst-RateLimit-Limit": "100",
      "Burst-RateLimit-Remaining": "0",
      "Burst-RateLimit-Reset": String(NOW / 1000 + 1),
    },
    [{ kind: "burst", limit: 100, remaining: 0, reset: NOW + 1000 }],
  ],
  [
    "daily",
    { "RateLimit-Limit": "500000", "RateLimit-Remaining": "12", "RateLimit-Reset": String(NOW + 3_600_000) },
    [{ kind: "daily", limit: 500000, remaining: 12, reset: NOW + 3_600_000 }],
  ],
  [
    "chat requests and tokens, tokens exhausted first",
    {
      "x-ratelimit-limit-requests": "10",
      "x-ratelimit-remaining-requests": "3",
      "x-ratelimit-reset-requests": "6m0s",
      "x-ratelimit-limit-tokens": "1000",
      "x-ratelimit-remaining-tokens": "0",
      "x-ratelimit-reset-tokens": "1.5s",
    },
    [
      { kind: "chat-tokens", limit: 1000, remaining: 0, reset: NOW + 1500 },
      { kind: "chat-requests", limit: 10, remaining: 3, reset: NOW + 360_000 },
    ],
  ],
  [
    "daily and burst: the exhausted one first",
    {
      "RateLimit-Limit": "10",
      "RateLimit-Remaining": "0",
      "Burst-RateLimit-Limit": "5",
      "Burst-RateLimit-Remaining": "4",
    },
    [
      { kind: "daily", limit: 10, remaining: 0, reset: undefined },
      { kind: "burst", limit: 5, remaining: 4, reset: undefined },
    ],
  ],
  ["none", { "content-type": "application/json" }, []],
  [
    "unparseable figures are left out",
    { "Burst-RateLimit-Limit": "lots", "Burst-RateLimit-Reset": "soon" },
    [{ kind: "burst", limit: undefined, remaining: undefined, reset: undefined }],
  ],
])("readRateLimits: %s", (_name, headers, want) => {
  expect(readRateLimits(new Headers(headers), NOW)).toEqual(want);
});

let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => (server = await startLocalServer()));
afterAll(() => server.close());

test("a 429 result carries the exhausted limit; other results do not", async () => {
  const reset = Math.floor(Date.now() / 1000) + 3600;
  server.handle((_r, res) =>
    json(
      res,
      429,
      { error: "daily limit" },
      { "RateLimit-Limit": "1000", "RateLimit-Remaining": "0", "RateLimit-Reset": String(reset) },
    ),
  );
  const c = createQStashClient({ token: "rl-test-token", baseUrl: server.url });
  const result = await c.GET("/v2/dlq");
  expect(result.response.status).toBe(429);
  expect(result.error).toEqual({ error: "daily limit" });
  expect(result.rateLimit).toEqual({ kind: "daily", limit: 1000, remaining: 0, reset: reset * 1000 });
  expect(server.received).toHaveLength(1); // the reset is an hour away: no retry
  server.handle((_r, res) => json(res, 200, { messages: [] }, { "RateLimit-Remaining": "5" }));
  expect((await c.GET("/v2/dlq")).rateLimit).toBeUndefined();
});

// The figures one at a time: a kind is reported when any one of its headers is there, each value
// is read on its own, and a reset is told apart by its size or its unit.

describe("readRateLimits", () => {
  test.each<[string, Record<string, string>, object]>([
    ["only a limit", { "RateLimit-Limit": "10" }, { kind: "daily", limit: 10 }],
    ["only a remaining", { "RateLimit-Remaining": "4" }, { kind: "daily", remaining: 4 }],
    ["only a reset", { "RateLimit-Reset": "2000000000" }, { kind: "daily", reset: 2_000_000_000_000 }],
    [
      "an empty limit",
      { "Burst-RateLimit-Limit": "", "Burst-RateLimit-Remaining": "1" },
      { kind: "burst", remaining: 1 },
    ],
    ["a limit of 0", { "x-ratelimit-limit-tokens": "0" }, { kind: "chat-tokens", limit: 0 }],
  ])("%s is a kind of its own", (_what, headers, want) => {
    const [found, ...rest] = readRateLimits(new Headers(headers), NOW);
    expect(found).toStrictEqual({ kind: undefined, limit: undefined, remaining: undefined, reset: undefined, ...want });
    expect(rest).toEqual([]);
  });

  test("the exhausted kinds come first, the others keep the order of the page", () => {
    const headers = new Headers({
      "Burst-RateLimit-Remaining": "3",
      "RateLimit-Remaining": "0",
      "x-ratelimit-remaining-requests": "7",
      "x-ratelimit-remaining-tokens": "0",
    });
    expect(readRateLimits(headers, NOW).map((r) => r.kind)).toEqual(["daily", "chat-tokens", "burst", "chat-requests"]);
  });

  test("a reset is read against the clock when no time is given", () => {
    const before = Date.now();
    const reset = readRateLimits(new Headers({ "RateLimit-Reset": "60" }))[0]!.reset!;
    expect(reset).toBeGreaterThanOrEqual(before + 60_000);
    expect(reset).toBeLessThanOrEqual(Date.now() + 60_000);
  });
});

describe("toInstant", () => {
  test.each<[string | null, number | undefined]>([
    // Told apart by size: Unix milliseconds, Unix seconds, seconds from now.
    ["1000000000000", 1_000_000_000_000],
    ["999999999999", 999_999_999_999_000],
    ["1000000000", 1_000_000_000_000],
    ["999999999", NOW + 999_999_999_000],
    ["0", NOW],
    ["-2", NOW - 2000],
    [" 30 ", NOW + 30_000],
    // Durations, as the chat limit sends them.
    ["20ms", NOW + 20],
    ["1.5s", NOW + 1500],
    ["6m0s", NOW + 360_000],
    ["2h30m", NOW + 9_000_000],
    ["1h0m0.25s", NOW + 3_600_250],
    ["10.5ms", NOW + 10.5],
    // Nothing to read.
    [null, undefined],
    ["", undefined],
    ["   ", undefined],
    ["soon", undefined],
    ["5", NOW + 5000],
    ["5x", undefined],
    ["5m later", undefined],
    ["s", undefined],
    [".5s", undefined],
    ["Infinity", undefined],
  ])("%j", (value, want) => {
    expect(toInstant(value, NOW)).toBe(want);
  });

  test("the clock is the default now", () => {
    const before = Date.now();
    const at = toInstant("1s")!;
    expect(at).toBeGreaterThanOrEqual(before + 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
  });
});

describe("retryAfterMs", () => {
  const after = (value?: string) => retryAfterMs(new Headers(value === undefined ? {} : { "Retry-After": value }), NOW);

  test.each<[string | undefined, number | undefined]>([
    ["120", 120_000],
    ["0", 0],
    ["1.5", 1500],
    ["-5", 0],
    [new Date(NOW + 90_000).toUTCString(), 90_000],
    [new Date(NOW - 90_000).toUTCString(), 0],
    ["next week", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("Retry-After %j", (value, want) => {
    expect(after(value)).toBe(want);
  });

  test("the clock is the default now", () => {
    const wait = retryAfterMs(new Headers({ "Retry-After": new Date(Date.now() + 600_000).toUTCString() }))!;
    expect(wait).toBeGreaterThan(590_000);
    expect(wait).toBeLessThanOrEqual(600_000);
  });
});
