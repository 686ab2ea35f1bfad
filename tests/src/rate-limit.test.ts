import { afterAll, beforeAll, expect, test } from "vitest";
import { createQStashClient, readRateLimits } from "../../src/index.ts";
import { json, startLocalServer } from "./local-server.ts";

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
