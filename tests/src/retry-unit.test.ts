import { getEventListeners } from "node:events";
import { afterEach, describe, expect, test, vi } from "vitest";
import { QStashGuardError } from "../../src/guard-error.ts";
import {
  isRetryableStatus,
  isSafeToRepeat,
  nextDelay,
  RETRY_DEFAULTS,
  retryPolicy,
  sleep,
  type RetryOptions,
} from "../../src/retry.ts";

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
