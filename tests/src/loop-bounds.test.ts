import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_MAX_POLLS } from "../../src/cancel-messages.ts";
import {
  cancelMessages,
  createQStashClient,
  items,
  pages,
  QStashTransportError,
  type QStashClientOptions,
} from "../../src/index.ts";
import { json, startLocalServer } from "../helpers/local-server.ts";

// Issue 10, class 7: every loop that follows a server's answer has a bound. Where today's code had
// none, the tests hold their own (a signal aborted after RUNAWAY requests, a fake client that
// gives up), so that a loop that would never end fails the test instead of hanging it.

const RUNAWAY = 50;
let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => (server = await startLocalServer()));
afterAll(() => server.close());

const client = (retry: QStashClientOptions["retry"] = false) =>
  createQStashClient({ token: "loop-token", baseUrl: server.url, retry });

/** A signal the server aborts once it has answered RUNAWAY requests. */
function runawayStop() {
  const stop = new AbortController();
  return {
    signal: stop.signal,
    count: () => server.received.length >= RUNAWAY && stop.abort(new Error("runaway loop")),
  };
}

describe("cancelMessages: an answer without the fields it follows ends the call", () => {
  test.each<[string, string]>([
    ["no count", "{}"],
    ["a count as a string", '{"cancelled":"7"}'],
    ["a negative count", '{"cancelled":-1}'],
    ["a fraction", '{"cancelled":1.5}'],
    ["null", '{"cancelled":null}'],
    ["true", '{"cancelled":true}'],
    ["a list", '{"cancelled":[7]}'],
    ["an overflowing number", '{"cancelled":1e400}'],
    ["an actionId that is a number", '{"cancelled":1,"actionId":7}'],
    ["a blank actionId", '{"cancelled":1,"actionId":" "}'],
  ])("%s (%s): one call, then a clear error", async (_what, body) => {
    const stop = runawayStop();
    server.handle(
      (_r, res) => (stop.count(), res.writeHead(202, { "content-type": "application/json" }), res.end(body)),
    );
    const error = await cancelMessages(client(), { label: ["x"] }, { signal: stop.signal, interval: 0 }).catch(
      (e: unknown) => e,
    );
    expect(server.received).toHaveLength(1);
    expect(error).toBeInstanceOf(QStashTransportError);
    expect(String((error as Error).message)).toMatch(/"(cancelled|actionId)" is .*not (a count|an id)/);
  });

  test.each<[string, unknown]>([
    ["no state", { processed: 1 }],
    ["a state the spec does not list", { state: "PAUSED" }],
    ["a state in lower case", { state: "finished" }],
  ])("a bulk action read with %s ends the walk", async (_what, action) => {
    const stop = runawayStop();
    server.handle(
      (req, res) => (
        stop.count(),
        json(
          res,
          req.method === "DELETE" ? 202 : 200,
          req.method === "DELETE" ? { cancelled: 1, actionId: "ba-1" } : action,
        )
      ),
    );
    const error = await cancelMessages(client(), { label: ["x"] }, { signal: stop.signal, interval: 0 }).catch(
      (e: unknown) => e,
    );
    expect(server.received).toHaveLength(2);
    expect(error).toBeInstanceOf(QStashTransportError);
    expect(String((error as Error).message)).toMatch(/bulk action ba-1: "state" is .*, not IN_PROGRESS or FINISHED/);
  });

  test("a bulk action in progress forever is read at most maxPolls times", async () => {
    const stop = runawayStop();
    server.handle(
      (req, res) => (
        stop.count(),
        json(
          res,
          req.method === "DELETE" ? 202 : 200,
          req.method === "DELETE" ? { cancelled: 9, actionId: "ba-2" } : { state: "IN_PROGRESS" },
        )
      ),
    );
    const error = await cancelMessages(
      client(),
      { label: ["x"] },
      { maxPolls: 5, interval: 0, signal: stop.signal },
    ).catch((e: unknown) => e);
    expect(server.received).toHaveLength(6);
    expect(error).toBeInstanceOf(RangeError);
    expect(String((error as Error).message)).toMatch(
      /bulk action ba-2 still IN_PROGRESS after 5 reads \(maxPolls\); it goes on in the background/,
    );
  });

  test(`by default it reads the bulk action at most ${DEFAULT_MAX_POLLS} times`, async () => {
    let reads = 0;
    const answer = (data: unknown) => ({ data, response: new Response() });
    const fake = {
      DELETE: async () => answer({ cancelled: 1, actionId: "ba-3" }),
      GET: async () =>
        reads++ > 2 * DEFAULT_MAX_POLLS ? Promise.reject(new Error("runaway loop")) : answer({ state: "IN_PROGRESS" }),
    };
    const error = await cancelMessages(fake as never, { label: ["x"] }, { interval: 0 }).catch((e: unknown) => e);
    expect(reads).toBe(DEFAULT_MAX_POLLS);
    expect(error).toBeInstanceOf(RangeError);
  });

  test.each([0, -1, NaN])("maxPolls %s is refused before anything is sent", async (maxPolls) => {
    server.handle((_r, res) => json(res, 202, { cancelled: 0 }));
    await expect(cancelMessages(client(), { label: ["x"] }, { maxPolls })).rejects.toThrow(
      /maxPolls must be 1 or more/,
    );
    expect(server.received).toHaveLength(0);
  });

  test.each([-1, NaN, Infinity, 2 ** 31])("interval %s is refused before anything is sent", async (interval) => {
    server.handle((_r, res) => json(res, 202, { cancelled: 0 }));
    await expect(cancelMessages(client(), { label: ["x"] }, { interval })).rejects.toThrow(
      /interval .*: not milliseconds/,
    );
    expect(server.received).toHaveLength(0);
  });
});

describe("pages() and items(): a server that returns a new cursor forever", () => {
  const endless = () => {
    const stop = runawayStop();
    server.handle(
      (req, res) => (
        stop.count(), json(res, 200, { cursor: `c${req.url.length}-${server.received.length}`, messages: [{}] })
      ),
    );
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
    const asClientOption = await (async () => client(options).GET("/v2/dlq", { signal: stop.signal }))().catch(
      (e: unknown) => e,
    );
    const asCallOption = await client()
      .GET("/v2/dlq", { retry: options, signal: stop.signal })
      .catch((e: unknown) => e);
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
    const asCallOption = await client()
      .GET("/v2/dlq", { timeout: timeout as number })
      .catch((e: unknown) => e);
    expect(server.received).toHaveLength(0);
    expect(asClientOption).toBeInstanceOf(TypeError);
    expect(asCallOption).toBeInstanceOf(TypeError);
  });
});
