import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FACTS } from "../../src/operation-facts.ts";
import { cancelInBatches, createQStashClient, items, pages, QStashTransportError, type QStashClientOptions } from "../../src/index.ts";
import { json, startLocalServer } from "./local-server.ts";

// Issue 10, class 7: every loop that follows a server's answer has a bound. Where today's code had
// none, the tests hold their own (a signal aborted after RUNAWAY requests, a fake client that
// gives up), so that a loop that would never end fails the test instead of hanging it.

const RUNAWAY = 50;
let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => (server = await startLocalServer()));
afterAll(() => server.close());

const client = (retry: QStashClientOptions["retry"] = false) =>
  createQStashClient({ token: "loop-token", baseUrl: server.url, retry });
const max = FACTS.bulkCancelMessages!.bulk!.max!;

/** A signal the server aborts once it has answered RUNAWAY requests. */
function runawayStop() {
  const stop = new AbortController();
  return { signal: stop.signal, count: () => server.received.length >= RUNAWAY && stop.abort(new Error("runaway loop")) };
}

describe("cancelInBatches: an answer without a usable count ends the loop", () => {
  test.each<[string, string]>([
    ["no count", "{}"],
    ["a count as a string", `{"cancelled":"${max}"}`],
    ["a negative count", '{"cancelled":-1}'],
    ["a fraction", '{"cancelled":1.5}'],
    ["more than the batch size", `{"cancelled":${max + 1}}`],
    ["null", '{"cancelled":null}'],
    ["true", '{"cancelled":true}'],
    ["a list", `{"cancelled":[${max}]}`],
    ["an overflowing number", '{"cancelled":1e400}'],
  ])("%s (%s): one call, then a clear error", async (_what, body) => {
    const stop = runawayStop();
    server.handle((_r, res) => (stop.count(), res.writeHead(200, { "content-type": "application/json" }), res.end(body)));
    const error = await cancelInBatches(client(), { label: ["x"] }, { signal: stop.signal }).catch((e: unknown) => e);
    expect(server.received).toHaveLength(1);
    expect(error).toBeInstanceOf(QStashTransportError);
    expect(String((error as Error).message)).toMatch(/"cancelled" is .*not a count from 0 to 500/);
  });

  test("a server that answers full batches forever is stopped at maxBatches", async () => {
    const stop = runawayStop();
    server.handle((_r, res) => (stop.count(), json(res, 200, { cancelled: max })));
    const error = await cancelInBatches(client(), { label: ["x"] }, { maxBatches: 5, signal: stop.signal }).catch((e: unknown) => e);
    expect(server.received).toHaveLength(5);
    expect(error).toBeInstanceOf(RangeError);
    expect(String((error as Error).message)).toMatch(/2500 cancelled in 5 full batches \(maxBatches\)/);
  });

  test("by default it stops after 10,000 full batches", async () => {
    let calls = 0;
    const answer = { data: { cancelled: max }, response: new Response() };
    const fake = { DELETE: async () => (calls++ > 20_000 ? Promise.reject(new Error("runaway loop")) : answer) };
    const error = await cancelInBatches(fake as never, { label: ["x"] }).catch((e: unknown) => e);
    expect(calls).toBe(10_000);
    expect(error).toBeInstanceOf(RangeError);
  });
});

describe("pages() and items(): a server that returns a new cursor forever", () => {
  const endless = () => {
    const stop = runawayStop();
    server.handle((req, res) => (stop.count(), json(res, 200, { cursor: `c${req.url.length}-${server.received.length}`, messages: [{}] })));
    return stop;
  };

  test("pages() stops at maxPages with a clear error", async () => {
    const stop = endless();
    const walk = async () => {
      for await (const _ of pages(client(), "GET", "/v2/dlq", { signal: stop.signal }, { maxPages: 7 })) void _;
    };
    const error = await walk().catch((e: unknown) => e);
    expect(server.received).toHaveLength(7);
    expect(error).toBeInstanceOf(RangeError);
    expect(String((error as Error).message)).toMatch(/after 7 pages \(maxPages\)/);
  });

  test("items() passes maxPages on", async () => {
    const stop = endless();
    let seen = 0;
    const error = await (async () => {
      for await (const _ of items(client(), "GET", "/v2/dlq", { signal: stop.signal }, { maxPages: 3 })) seen++;
    })().catch((e: unknown) => e);
    expect(server.received).toHaveLength(3);
    expect(seen).toBe(3);
    expect(error).toBeInstanceOf(RangeError);
  });

  test("by default pages() stops after 1,000 pages", async () => {
    let calls = 0;
    const page = () => ({ data: { cursor: `c${calls}` }, response: new Response() });
    const fake = { GET: async () => (calls++ > 5_000 ? Promise.reject(new Error("runaway loop")) : page()) };
    const error = await (async () => {
      for await (const _ of pages(fake as never, "GET", "/v2/dlq")) void _;
    })().catch((e: unknown) => e);
    expect(calls).toBe(1000);
    expect(error).toBeInstanceOf(RangeError);
  });
});

describe("the retry loop", () => {
  test.each([
    ["attempts: Infinity", { attempts: Infinity }],
    ["attempts: NaN", { attempts: NaN }],
    ["attempts: 0", { attempts: 0 }],
    ["attempts: 2.5", { attempts: 2.5 }],
    ["maxElapsed: NaN", { attempts: 1_000_000, maxElapsed: NaN }],
    ["baseDelay: -1", { baseDelay: -1 }],
  ])("a policy that cannot bound it (%s) is refused before a request is sent", async (_what, retry) => {
    const stop = runawayStop();
    server.handle((_r, res) => (stop.count(), json(res, 503, { error: "busy" })));
    const options = { baseDelay: 0, maxDelay: 0, maxElapsed: Infinity, ...retry };
    const asClientOption = await (async () => client(options).GET("/v2/dlq", { signal: stop.signal }))().catch((e: unknown) => e);
    const asCallOption = await client().GET("/v2/dlq", { retry: options, signal: stop.signal }).catch((e: unknown) => e);
    expect(server.received).toHaveLength(0);
    expect(asClientOption).toBeInstanceOf(TypeError);
    expect(asCallOption).toBeInstanceOf(TypeError);
  });

  test("a valid policy against a server that is always busy ends after its attempts", async () => {
    server.handle((_r, res) => json(res, 503, { error: "busy" }, { "Retry-After": "0" }));
    const { response } = await client({ attempts: 6, baseDelay: 0, maxElapsed: Infinity }).GET("/v2/dlq");
    expect(response.status).toBe(503);
    expect(server.received).toHaveLength(6);
  });
});

describe("timeouts that would not end a call", () => {
  test.each([["NaN", NaN], ["0", 0], ["-1", -1], ["not a number", "soon"], ["more than a timer holds", 2 ** 31]])(
    "timeout %s is refused before a request is sent",
    async (_what, timeout) => {
      server.handle((_r, res) => json(res, 200, {}));
      const asClientOption = await (async () =>
        createQStashClient({ token: "t", baseUrl: server.url, timeout: timeout as number }).GET("/v2/dlq"))().catch((e: unknown) => e);
      const asCallOption = await client().GET("/v2/dlq", { timeout: timeout as number }).catch((e: unknown) => e);
      expect(server.received).toHaveLength(0);
      expect(asClientOption).toBeInstanceOf(TypeError);
      expect(asCallOption).toBeInstanceOf(TypeError);
    },
  );
});
