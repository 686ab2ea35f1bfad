import { setImmediate as tick } from "node:timers/promises";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createQStashClient, QStashTransportError } from "../../../src/index.ts";
import { json, useLocalServer } from "../../helpers/local-server.ts";

// Issue 10, class 8: without a timeout, a call to a server that never answers waited forever.
// The default is 30 s (QStashClientOptions.timeout); `timeout: Infinity` is the explicit way out.
// The clock is vitest's fake one (setTimeout only), so these tests take no real 30 s.

const DEFAULT_MS = 30_000;
const server = useLocalServer();
afterEach(() => vi.useRealTimers());

const client = (extra: Parameters<typeof createQStashClient>[0] = {}) =>
  createQStashClient({ token: "timeout-token", baseUrl: server.url, ...extra });

/** A promise's state, without waiting for it. */
function watch(promise: Promise<unknown>) {
  const state = { settled: false, error: undefined as unknown };
  promise.then(
    () => (state.settled = true),
    (error) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

/** Real I/O runs on the event loop; the fake clock does not move it. */
async function until(condition: () => boolean) {
  for (let i = 0; i < 10_000 && !condition(); i++) await tick();
  expect(condition()).toBe(true);
}

test("by default a call to a server that never answers ends at 30 s with a timeout", async () => {
  server.handle(() => {});
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const call = watch(client().GET("/v2/dlq"));
  await until(() => server.received.length === 1);
  await vi.advanceTimersByTimeAsync(DEFAULT_MS - 1);
  expect(call.settled).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  await until(() => call.settled);
  expect(call.error).toBeInstanceOf(QStashTransportError);
  expect(call.error).toMatchObject({ failure: "timeout", method: "GET", path: "/v2/dlq" });
});

test("the default bounds retries and their waits too, and nothing is sent after it", async () => {
  server.handle((_r, res) => json(res, 503, { error: "busy" }, { "Retry-After": "20" }));
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const call = watch(client({ retry: { maxDelay: 60_000, maxElapsed: 600_000 } }).GET("/v2/dlq"));
  await until(() => server.received.length === 1);
  await vi.advanceTimersByTimeAsync(20_000);
  await until(() => server.received.length === 2);
  await vi.advanceTimersByTimeAsync(DEFAULT_MS - 20_000);
  await until(() => call.settled);
  expect(call.error).toMatchObject({ failure: "timeout" });
  await vi.advanceTimersByTimeAsync(120_000);
  for (let i = 0; i < 50; i++) await tick();
  expect(server.received).toHaveLength(2);
});

test.each([
  ["the client", { timeout: Infinity }, {}],
  ["the call", {}, { timeout: Infinity }],
])("timeout: Infinity on %s turns the bound off", async (_where, clientOptions, callOptions) => {
  let close: (() => void) | undefined;
  server.handle((_r, _res, socket) => (close = () => socket.destroy()));
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const call = watch(client({ retry: false, ...clientOptions }).GET("/v2/dlq", callOptions));
  await until(() => server.received.length === 1);
  await vi.advanceTimersByTimeAsync(10 * DEFAULT_MS);
  expect(call.settled).toBe(false);
  close!();
  await until(() => call.settled);
  expect(call.error).toMatchObject({ failure: "reset" });
});

test("the default leaves no timer behind after a call", async () => {
  server.handle((_r, res) => json(res, 200, { messages: [] }));
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
  const before = timers();
  for (let i = 0; i < 5; i++) await client().GET("/v2/dlq");
  expect(timers()).toBeLessThanOrEqual(before);
});

describe("timeouts that would not end a call", () => {
  test.each([
    ["NaN", NaN],
    ["0", 0],
    ["-1", -1],
    ["not a number", "soon"],
    ["more than a timer holds", 2 ** 31],
  ])("timeout %s is refused before a request is sent", async (_what, timeout) => {
    server.handle((_r, res) => json(res, 200, {}));
    const asClientOption = await (async () =>
      createQStashClient({ token: "t", baseUrl: server.url, timeout: timeout as number }).GET("/v2/dlq"))().catch(
      (e: unknown) => e,
    );
    const asCallOption = await client({ retry: false })
      .GET("/v2/dlq", { timeout: timeout as number })
      .catch((e: unknown) => e);
    expect(server.received).toHaveLength(0);
    expect(asClientOption).toBeInstanceOf(TypeError);
    expect(asCallOption).toBeInstanceOf(TypeError);
  });
});
