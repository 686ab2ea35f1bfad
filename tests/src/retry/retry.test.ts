import { getEventListeners } from "node:events";
import { setImmediate as tick } from "node:timers/promises";
import { afterEach, describe, expect, test, vi } from "vitest";
import { QStashGuardError } from "../../../src/guard-error.ts";
import { createQStashClient, type QStashClientOptions } from "../../../src/index.ts";
import {
  isRetryableStatus,
  isSafeToRepeat,
  nextDelay,
  RETRY_DEFAULTS,
  retryPolicy,
  sleep,
  type RetryOptions,
} from "../../../src/retry.ts";
import { json, runawayStop, useLocalServer } from "../../helpers/local-server.ts";

const server = useLocalServer();

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("retryPolicy", () => {
  test("the defaults, and the caller's options over them", () => {
    expect(RETRY_DEFAULTS).toEqual({ attempts: 4, baseDelay: 200, maxDelay: 10_000, maxElapsed: 30_000 });
    expect(retryPolicy(undefined)).toEqual(RETRY_DEFAULTS);
    expect(retryPolicy({ attempts: 1, maxDelay: 0 })).toEqual({ ...RETRY_DEFAULTS, attempts: 1, maxDelay: 0 });
  });

  test.each([
    ["attempts", 0],
    ["attempts", 1.5],
    ["attempts", NaN],
    ["attempts", Infinity],
    ["baseDelay", -1],
    ["maxDelay", NaN],
    ["maxElapsed", -0.5],
  ] as [keyof RetryOptions, number][])("refuses %s: %s", (name, value) => {
    const refusal = () => retryPolicy({ [name]: value });
    expect(refusal).toThrow(QStashGuardError);
    expect(refusal).toThrow(`retry.${name}: ${value} would not bound the retries`);
  });

  test("takes the smallest values that still bound the retries", () => {
    const policy = { attempts: 1, baseDelay: 0, maxDelay: 0, maxElapsed: 0 };
    expect(retryPolicy(policy)).toEqual(policy);
  });
});

describe("isRetryableStatus", () => {
  test.each([429, 500, 502, 503, 504, 599])("%i: retryable", (status) => expect(isRetryableStatus(status)).toBe(true));
  test.each([0, 200, 400, 428, 430, 499, 501, 505])("%i: not retryable", (status) =>
    expect(isRetryableStatus(status)).toBe(false),
  );
});

describe("isSafeToRepeat", () => {
  test.each(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])("%s: safe", (method) => {
    expect(isSafeToRepeat(method, {})).toBe(true);
  });

  test.each(["POST", "PATCH", "XGET", "GETS"])("%s: not safe without deduplication", (method) => {
    expect(isSafeToRepeat(method, {})).toBe(false);
  });

  test.each([
    [{ "upstash-deduplication-id": "d1" }, true],
    [{ "upstash-deduplication-id": "" }, false],
    [{ "upstash-content-based-deduplication": "true" }, true],
    [{ "upstash-content-based-deduplication": "false" }, false],
  ])("POST with %j: %s", (headers, safe) => {
    expect(isSafeToRepeat("POST", headers)).toBe(safe);
  });
});

describe("nextDelay", () => {
  const policy = { ...RETRY_DEFAULTS, baseDelay: 100, maxDelay: 5000 };
  const now = 1_700_000_000_000;
  const at = (seconds: number) => String(now / 1000 + seconds);
  const delay = (retry: number, headers?: Record<string, string>, left = 100_000) =>
    nextDelay(policy, retry, headers && new Headers(headers), left, now);

  test.each([
    // With Math.random() at 0.5: half the step, the step doubling from baseDelay up to maxDelay.
    [1, 50],
    [2, 100],
    [3, 200],
    [6, 1600],
    [7, 2500],
    [30, 2500],
  ])("backoff, retry %i: %i ms", (retry, want) => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    expect(delay(retry)).toBe(want);
  });

  test("full jitter: anywhere from 0 to the step", () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(delay(3)).toBe(0);
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    expect(delay(3)).toBeCloseTo(399.6);
  });

  test.each([
    ["Retry-After in seconds", { "Retry-After": "2" }, 2000],
    ["Retry-After of exactly maxDelay", { "Retry-After": "5" }, 5000],
    ["Retry-After just past maxDelay", { "Retry-After": "5.001" }, undefined],
    [
      "Retry-After over a rate limit's reset",
      { "Retry-After": "1", "Burst-RateLimit-Remaining": "0", "Burst-RateLimit-Reset": at(3) },
      1000,
    ],
    [
      "the reset of an exhausted burst limit",
      { "Burst-RateLimit-Remaining": "0", "Burst-RateLimit-Reset": at(3) },
      3000,
    ],
    ["a reset already past", { "Burst-RateLimit-Remaining": "0", "Burst-RateLimit-Reset": at(-3) }, 0],
    ["a daily reset far away", { "RateLimit-Remaining": "0", "RateLimit-Reset": at(86_400) }, undefined],
  ])("%s", (_what, headers, want) => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    expect(delay(1, headers)).toBe(want);
  });

  test.each([
    ["a limit not exhausted", { "Burst-RateLimit-Remaining": "1", "Burst-RateLimit-Reset": at(3) }],
    ["an exhausted limit without a reset", { "Burst-RateLimit-Remaining": "0" }],
    ["headers without any figure", { "Content-Type": "application/json" }],
  ])("backoff for %s", (_what, headers) => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    expect(delay(2, headers)).toBe(100);
  });

  test("a wait that reaches what is left of the budget stops the retries", () => {
    expect(delay(1, { "Retry-After": "2" }, 2001)).toBe(2000);
    expect(delay(1, { "Retry-After": "2" }, 2000)).toBeUndefined();
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    expect(delay(1, undefined, 50)).toBeUndefined();
    expect(delay(1, undefined, 51)).toBe(50);
  });
});

describe("sleep", () => {
  test("resolves after exactly the time asked, and leaves no timer or listener behind", async () => {
    vi.useFakeTimers();
    const signal = new AbortController().signal;
    let done = false;
    void sleep(100, signal).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  test("without a signal", async () => {
    vi.useFakeTimers();
    const slept = sleep(10);
    await vi.advanceTimersByTimeAsync(10);
    await expect(slept).resolves.toBeUndefined();
  });

  test("rejects with the signal's reason as soon as it aborts, and clears its timer", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const slept = sleep(10_000, controller.signal);
    const reason = new Error("caller gave up");
    controller.abort(reason);
    await expect(slept).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  test("an aborted signal rejects at once, with no timer set", async () => {
    vi.useFakeTimers();
    const reason = new Error("already gone");
    await expect(sleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });
});

/** Answers each request with the next status of the list (the last one repeats). */
function answerInTurn(statuses: number[], headers: Record<string, string> = {}) {
  let i = 0;
  server.handle((_req, res) => {
    const status = statuses[Math.min(i++, statuses.length - 1)]!;
    json(
      res,
      status,
      status < 300 ? { messages: [], cancelled: 0, deleted: 0, messageId: "m" } : { error: "no" },
      headers,
    );
  });
}

const client = () => createQStashClient({ token: "retry-test-token", baseUrl: server.url, retry: { baseDelay: 1 } });
type Call = (c: ReturnType<typeof client>) => Promise<{ response: Response }>;

const listDlq: Call = (c) => c.GET("/v2/dlq");
const deleteByFilter: Call = (c) => c.DELETE("/v2/dlq", { params: { query: { label: ["a"] } } });
const cancelCapped: Call = (c) => c.DELETE("/v2/messages", { params: { query: { label: ["a"], count: 10 } } });
const publish =
  (header: Record<string, string> = {}): Call =>
  (c) =>
    c.POST("/v2/publish/{destination}", {
      params: { path: { destination: "https://example.com/x" }, header },
      body: "hi",
      headers: { "Content-Type": "text/plain" },
    });

const CASES: [
  string,
  { call: Call; statuses: number[]; headers?: Record<string, string>; attempts: number; status: number },
][] = [
  ["GET retried on 503 until it succeeds", { call: listDlq, statuses: [503, 503, 200], attempts: 3, status: 200 }],
  ["GET retried on 429", { call: listDlq, statuses: [429, 200], attempts: 2, status: 200 }],
  [
    "GET gives up after the default attempts",
    { call: listDlq, statuses: [500], attempts: RETRY_DEFAULTS.attempts, status: 500 },
  ],
  ["GET not retried on 404", { call: listDlq, statuses: [404, 200], attempts: 1, status: 404 }],
  ["GET not retried on 400", { call: listDlq, statuses: [400, 200], attempts: 1, status: 400 }],
  ["GET not retried on 501", { call: listDlq, statuses: [501, 200], attempts: 1, status: 501 }],
  ["DELETE by filter retried on 502", { call: deleteByFilter, statuses: [502, 200], attempts: 2, status: 200 }],
  [
    "count-capped bulk DELETE not repeated after a 503",
    { call: cancelCapped, statuses: [503, 200], attempts: 1, status: 503 },
  ],
  ["count-capped bulk DELETE retried on 429", { call: cancelCapped, statuses: [429, 200], attempts: 2, status: 200 }],
  ["POST without deduplication never retried", { call: publish(), statuses: [503, 200], attempts: 1, status: 503 }],
  [
    "POST without deduplication not retried on 429",
    { call: publish(), statuses: [429, 200], attempts: 1, status: 429 },
  ],
  [
    "POST with Upstash-Deduplication-Id retried",
    { call: publish({ "Upstash-Deduplication-Id": "d1" }), statuses: [503, 200], attempts: 2, status: 200 },
  ],
  [
    "POST with content-based deduplication retried",
    {
      call: publish({ "Upstash-Content-Based-Deduplication": "true" }),
      statuses: [500, 200],
      attempts: 2,
      status: 200,
    },
  ],
  [
    "Retry-After beyond maxDelay ends the retries",
    { call: listDlq, statuses: [429, 200], headers: { "Retry-After": "3600" }, attempts: 1, status: 429 },
  ],
  [
    "Retry-After 0 is honoured",
    { call: listDlq, statuses: [503, 200], headers: { "Retry-After": "0" }, attempts: 2, status: 200 },
  ],
];

describe("retries", () => {
  test.each(CASES)("%s", async (_name, { call, statuses, headers, attempts, status }) => {
    answerInTurn(statuses, headers);
    const { response } = await call(client());
    expect(server.received.length).toBe(attempts);
    expect(response.status).toBe(status);
  });

  test("retry: false sends once", async () => {
    answerInTurn([503, 200]);
    const c = createQStashClient({ token: "retry-test-token", baseUrl: server.url, retry: false });
    expect((await c.GET("/v2/dlq")).response.status).toBe(503);
    expect(server.received.length).toBe(1);
  });

  test("a call's own retry policy wins over the client's", async () => {
    answerInTurn([503]);
    await client().GET("/v2/dlq", { retry: { attempts: 2, baseDelay: 1 } });
    expect(server.received.length).toBe(2);
    answerInTurn([503, 200]);
    await client().GET("/v2/dlq", { retry: false });
    expect(server.received.length).toBe(1);
  });

  test("a body is sent whole on every attempt", async () => {
    answerInTurn([503, 503, 200]);
    await publish({ "Upstash-Deduplication-Id": "d2" })(client());
    expect(server.received.map((r) => r.body.toString())).toEqual(["hi", "hi", "hi"]);
  });

  test("the log gets one line per retry", async () => {
    answerInTurn([503, 429, 200]);
    const lines: string[] = [];
    await createQStashClient({
      token: "retry-test-token",
      baseUrl: server.url,
      retry: { baseDelay: 1 },
      log: (l) => lines.push(l),
    }).GET("/v2/dlq");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/v2\/dlq: 503; attempt 2 of 4 in \d+ ms$/);
  });
});

// The backoff as the client runs it, on vitest's fake clock (setTimeout only) with Math.random pinned, so each
// wait is known to the millisecond. Real I/O runs on the event loop, which the fake clock does not move.
describe("backoff waits, on a fake clock", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  async function until(condition: () => boolean) {
    for (let i = 0; i < 10_000 && !condition(); i++) await tick();
    expect(condition()).toBe(true);
  }

  const slowClient = (log: (line: string) => void) =>
    createQStashClient({
      token: "retry-test-token",
      baseUrl: server.url,
      retry: { attempts: 4, baseDelay: 1000, maxDelay: 1500, maxElapsed: 600_000 },
      log,
    });

  test("each wait doubles, up to maxDelay, and the next attempt goes out when it ends", async () => {
    answerInTurn([503]);
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const lines: string[] = [];
    let settled = false;
    const call = slowClient((line) => lines.push(line)).GET("/v2/dlq");
    void call.finally(() => (settled = true));
    for (const [attempt, wait] of [
      [2, 500],
      [3, 750],
      [4, 750],
    ] as const) {
      await until(() => lines.length === attempt - 1);
      expect(lines.at(-1)).toBe(`GET /v2/dlq: 503; attempt ${attempt} of 4 in ${wait} ms`);
      await vi.advanceTimersByTimeAsync(wait - 1);
      for (let i = 0; i < 20; i++) await tick();
      expect(server.received).toHaveLength(attempt - 1);
      await vi.advanceTimersByTimeAsync(1);
      await until(() => server.received.length === attempt);
    }
    await until(() => settled);
    expect((await call).response.status).toBe(503);
  });

  test("the caller's abort ends a backoff wait at once, with the caller's reason, and nothing more is sent", async () => {
    answerInTurn([503]);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    let settled = false;
    // The log line comes just before the wait: abort on the next turn of the loop, while it waits.
    const call = slowClient(() => void tick().then(() => controller.abort(reason))).GET("/v2/dlq", {
      signal: controller.signal,
    });
    const outcome = call.catch((error: unknown) => error);
    void outcome.finally(() => (settled = true));
    await until(() => settled);
    expect(await outcome).toBe(reason);
    expect(server.received).toHaveLength(1);
  });
});

describe("nextDelay: Retry-After, rate-limit resets, budget and jitter together", () => {
  const policy = { ...RETRY_DEFAULTS, baseDelay: 100, maxDelay: 5000 };
  const now = 1_700_000_000_000;
  const CASES_DELAY: [
    string,
    { headers?: Record<string, string>; retry: number; left: number; want: number | undefined | [number, number] },
  ][] = [
    ["Retry-After in seconds", { headers: { "Retry-After": "2" }, retry: 1, left: 10_000, want: 2000 }],
    [
      "Retry-After as an HTTP date",
      { headers: { "Retry-After": new Date(now + 3000).toUTCString() }, retry: 1, left: 10_000, want: 3000 },
    ],
    [
      "burst reset (Unix seconds) of an exhausted limit",
      {
        headers: { "Burst-RateLimit-Remaining": "0", "Burst-RateLimit-Reset": String(now / 1000 + 1) },
        retry: 1,
        left: 10_000,
        want: 1000,
      },
    ],
    [
      "daily reset far away stops the retries",
      {
        headers: { "RateLimit-Remaining": "0", "RateLimit-Reset": String(now / 1000 + 86_400) },
        retry: 1,
        left: 10_000,
        want: undefined,
      },
    ],
    [
      "a wait past the budget stops the retries",
      { headers: { "Retry-After": "2" }, retry: 1, left: 1500, want: undefined },
    ],
    ["backoff with full jitter, first retry", { retry: 1, left: 10_000, want: [0, 100] }],
    ["backoff doubles, third retry", { retry: 3, left: 10_000, want: [0, 400] }],
    ["backoff capped by maxDelay", { retry: 20, left: 100_000, want: [0, 5000] }],
  ];
  test.each(CASES_DELAY)("%s", (_name, { headers, retry, left, want }) => {
    const got = nextDelay(policy, retry, headers && new Headers(headers), left, now);
    if (Array.isArray(want)) {
      expect(got).toBeGreaterThanOrEqual(want[0]);
      expect(got).toBeLessThanOrEqual(want[1]);
    } else expect(got).toBe(want);
  });
});

// Issue 10, class 7: every loop that follows a server's answer has a bound. Where the code has none
// of its own, the test holds one (a signal aborted after a runaway count of requests, a fake client
// that gives up), so that a loop that would never end fails the test instead of hanging it.

const loopClient = (retry: QStashClientOptions["retry"] = false) =>
  createQStashClient({ token: "loop-token", baseUrl: server.url, retry });

describe("the retry loop", () => {
  test.each([
    ["attempts: Infinity", { attempts: Infinity }],
    ["attempts: NaN", { attempts: NaN }],
    ["attempts: 0", { attempts: 0 }],
    ["attempts: 2.5", { attempts: 2.5 }],
    ["maxElapsed: NaN", { attempts: 1_000_000, maxElapsed: NaN }],
    ["baseDelay: -1", { baseDelay: -1 }],
  ])("a policy that cannot bound it (%s) is refused before a request is sent", async (_what, retry) => {
    const stop = runawayStop(server);
    server.handle((_r, res) => (stop.count(), json(res, 503, { error: "busy" })));
    const options = { baseDelay: 0, maxDelay: 0, maxElapsed: Infinity, ...retry };
    const asClientOption = await (async () => loopClient(options).GET("/v2/dlq", { signal: stop.signal }))().catch(
      (e: unknown) => e,
    );
    const asCallOption = await loopClient()
      .GET("/v2/dlq", { retry: options, signal: stop.signal })
      .catch((e: unknown) => e);
    expect(server.received).toHaveLength(0);
    expect(asClientOption).toBeInstanceOf(TypeError);
    expect(asCallOption).toBeInstanceOf(TypeError);
  });

  test("a valid policy against a server that is always busy ends after its attempts", async () => {
    server.handle((_r, res) => json(res, 503, { error: "busy" }, { "Retry-After": "0" }));
    const { response } = await loopClient({ attempts: 6, baseDelay: 0, maxElapsed: Infinity }).GET("/v2/dlq");
    expect(response.status).toBe(503);
    expect(server.received).toHaveLength(6);
  });
});
