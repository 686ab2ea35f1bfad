import { describe, expect, test, vi } from "vitest";
import { OPERATIONS } from "../../generated/operations.ts";
import { DEFAULT_MAX_POLLS } from "../../src/cancel-messages.ts";
import { CANCEL } from "../../src/operation-facts.ts";
import {
  cancelMessages,
  createQStashClient,
  QStashGuardError,
  QStashResponseError,
  QStashTransportError,
  type CancelProgress,
} from "../../src/index.ts";
import { json, runawayStop, useLocalServer, type Received } from "../helpers/local-server.ts";

// cancelMessages follows QStash's bulk cancel as it runs today: one call cancels every match (the
// deprecated `count` is ignored, so there is nothing to batch); a filter-based cancel is a background
// bulk action, which the helper follows to FINISHED when the answer names one.

const server = useLocalServer();

const client = () => createQStashClient({ token: "cancel-test-token", baseUrl: server.url, retry: false });
const cancelOp = OPERATIONS.bulkCancelMessages;
const actionOp = OPERATIONS.getBulkAction;
const queryOf = (r: Received) => new URL(r.url, "http://x").searchParams;
const pathOf = (r: Received) => new URL(r.url, "http://x").pathname;

/** A server that runs a bulk action: the cancel answers with its id, then each read reports the next state. */
function serveBulkAction(actionId: string, reads: { state: string; processed?: number; total?: number }[]) {
  const left = [...reads];
  server.handle((req, res) => {
    if (req.method === "DELETE") return json(res, 202, { cancelled: 9, actionId });
    json(res, 200, { actionId, kind: "cancel", ...(left.shift() ?? { state: "FINISHED" }) });
  });
}

test("the facts it acts on come from the generated operations", () => {
  expect([CANCEL.method, CANCEL.path, CANCEL.ids]).toEqual([cancelOp.method, cancelOp.path, cancelOp.bulk.ids]);
  expect(CANCEL.async === undefined).toBe(!(cancelOp.query as readonly string[]).includes("async"));
  expect(CANCEL.follow).toBe(actionOp.path);
});

describe("one call, no batches", () => {
  test("sends the filter once, without count; async only when the spec documents it", async () => {
    server.handle((_req, res) => json(res, 200, { cancelled: 7 }));
    const outcome = await cancelMessages(client(), { label: ["nightly"], queueName: ["q1"] });
    expect(outcome).toEqual({ cancelled: 7 });
    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    expect([request!.method, pathOf(request!)]).toEqual([cancelOp.method, cancelOp.path]);
    const query = queryOf(request!);
    expect([query.getAll("label"), query.getAll("queueName"), query.has("count")]).toEqual([
      ["nightly"],
      ["q1"],
      false,
    ]);
    expect(query.get("async")).toBe(CANCEL.async ? "true" : null);
  });

  test("cancelling by ids is never sent as a background action", async () => {
    server.handle((_req, res) => json(res, 200, { cancelled: 2 }));
    expect(await cancelMessages(client(), { messageIds: ["m1", "m2"] })).toEqual({ cancelled: 2 });
    const query = queryOf(server.received[0]!);
    expect([query.getAll("messageIds"), query.has("async")]).toEqual([["m1", "m2"], false]);
  });

  test("an empty scope is refused unless all: true", async () => {
    server.handle((_req, res) => json(res, 200, { cancelled: 0 }));
    await expect(cancelMessages(client(), {} as never)).rejects.toThrow(/no ids and no filter.*nothing was sent/);
    await expect(cancelMessages(client(), { label: [" "] } as never, { all: false })).rejects.toThrow(
      /nothing was sent/,
    );
    expect(server.received).toHaveLength(0);
    await cancelMessages(client(), {}, { all: true });
    expect(server.received).toHaveLength(1);
    expect([...queryOf(server.received[0]!).keys()]).toEqual(CANCEL.async ? [CANCEL.async] : []);
  });

  test("an HTTP error throws QStashResponseError with the status and body", async () => {
    server.handle((_req, res) => json(res, 412, { error: "too many bulk actions" }));
    const error = await cancelMessages(client(), { label: ["x"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QStashResponseError);
    expect(error).toMatchObject({ status: 412, body: { error: "too many bulk actions" } });
  });
});

describe("following the bulk action", () => {
  test("reads it until FINISHED, reporting progress, and returns the last read", async () => {
    serveBulkAction("ba-1", [
      { state: "IN_PROGRESS", processed: 3, total: 9 },
      { state: "IN_PROGRESS", processed: 6, total: 9 },
      { state: "FINISHED", processed: 9, total: 9 },
    ]);
    const progress: CancelProgress[] = [];
    const outcome = await cancelMessages(
      client(),
      { label: ["nightly"] },
      { interval: 0, onProgress: (p) => progress.push(p) },
    );
    expect(progress).toEqual([
      { actionId: "ba-1", state: "IN_PROGRESS", processed: 3, total: 9 },
      { actionId: "ba-1", state: "IN_PROGRESS", processed: 6, total: 9 },
      { actionId: "ba-1", state: "FINISHED", processed: 9, total: 9 },
    ]);
    const action = { actionId: "ba-1", kind: "cancel", state: "FINISHED", processed: 9, total: 9 };
    expect(outcome).toEqual({ cancelled: 9, actionId: "ba-1", action });
    const reads = server.received.slice(1);
    expect(reads.map((r) => `${r.method} ${pathOf(r)}`)).toEqual(
      Array(3).fill(`GET ${actionOp.path.replace("{actionId}", "ba-1")}`),
    );
  });

  test("the action id goes out as one path segment", async () => {
    serveBulkAction("a/b c", [{ state: "FINISHED" }]);
    await cancelMessages(client(), { label: ["x"] }, { interval: 0 });
    expect(server.received[1]!.url).toBe(actionOp.path.replace("{actionId}", "a%2Fb%20c"));
  });

  test("an aborted signal stops the walk before the next read: its reason, and no further request", async () => {
    serveBulkAction("ba-3", Array(50).fill({ state: "IN_PROGRESS" }));
    const controller = new AbortController();
    const reason = new Error("stop");
    const progress: CancelProgress[] = [];
    const onProgress = (p: CancelProgress) => progress.push(p) === 2 && controller.abort(reason);
    const error = await cancelMessages(
      client(),
      { label: ["x"] },
      { interval: 0, signal: controller.signal, onProgress },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    // The caller's own reason, as it is: not wrapped, not a timeout.
    expect(error).toBe(reason);
    expect(progress).toHaveLength(2);
    const read = `GET ${actionOp.path.replace("{actionId}", "ba-3")}`;
    expect(server.received.map((r) => `${r.method} ${pathOf(r)}`)).toEqual([`DELETE ${cancelOp.path}`, read, read]);
  });

  test("a read that fails throws QStashResponseError naming the read", async () => {
    server.handle((req, res) =>
      req.method === "DELETE"
        ? json(res, 202, { cancelled: 1, actionId: "gone" })
        : json(res, 404, { error: "not found" }),
    );
    const error = await cancelMessages(client(), { label: ["x"] }, { interval: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QStashResponseError);
    expect(error).toMatchObject({ method: "GET", path: actionOp.path, status: 404 });
  });
});

describe("what it hands the client, and what it makes of the answers", () => {
  const follow = actionOp.path;
  /** A client that records each call's arguments and answers from a list, as the real one shapes results. */
  function fakeClient(answers: { status?: number; data?: unknown; error?: unknown }[]) {
    const calls: [string, string, unknown][] = [];
    const answer = (method: string) => async (path: string, init: unknown) => {
      calls.push([method, path, init]);
      const { status = 200, ...body } = answers.shift() ?? { data: { state: "FINISHED" } };
      return { ...body, response: new Response(null, { status }) };
    };
    return { calls, client: { DELETE: answer("DELETE"), GET: answer("GET") } as never };
  }
  const invalid = (detail: string) =>
    `DELETE ${cancelOp.path}: the response body is not the JSON the spec promises: ${detail}`;

  test("the cancel and each read carry the caller's signal and timeout; only a filter cancel is async", async () => {
    const { calls, client: fake } = fakeClient([
      { status: 202, data: { cancelled: 3, actionId: "ba-9" } },
      { data: { state: "IN_PROGRESS" } },
      { data: { state: "FINISHED", processed: 3 } },
    ]);
    const signal = new AbortController().signal;
    const scope = { label: ["x"] };
    const outcome = await cancelMessages(fake, scope, { signal, timeout: 1234, interval: 0 });
    expect(outcome).toEqual({ cancelled: 3, actionId: "ba-9", action: { state: "FINISHED", processed: 3 } });
    const read = ["GET", follow, { params: { path: { actionId: "ba-9" } }, signal, timeout: 1234 }];
    expect(calls).toEqual([
      [
        "DELETE",
        cancelOp.path,
        { params: { query: { label: ["x"], async: true } }, signal, timeout: 1234, all: false },
      ],
      read,
      read,
    ]);
    expect(scope).toEqual({ label: ["x"] }); // read, never written
  });

  test("all: true goes to the client's guard as it is; by ids there is nothing to follow", async () => {
    const { calls, client: fake } = fakeClient([{ data: { cancelled: 0 } }, { data: { cancelled: 2 } }]);
    expect(await cancelMessages(fake, {}, { all: true })).toEqual({ cancelled: 0 });
    expect(await cancelMessages(fake, { messageIds: ["m1", "m2"] }, { interval: 2 ** 31 - 1 })).toEqual({
      cancelled: 2,
    });
    expect(calls.map(([, , init]) => init)).toEqual([
      { params: { query: { async: true } }, all: true, signal: undefined, timeout: undefined },
      { params: { query: { messageIds: ["m1", "m2"] } }, all: false, signal: undefined, timeout: undefined },
    ]);
  });

  test("a 2xx cancel with no body is an HTTP answer it cannot use: QStashResponseError", async () => {
    server.handle((_req, res) => (res.writeHead(202, { "content-length": "0" }), res.end()));
    const error = await cancelMessages(client(), { label: ["x"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QStashResponseError);
    expect(error).toMatchObject({ method: "DELETE", path: cancelOp.path, status: 202, body: undefined });
    expect((error as Error).message).toBe(`DELETE ${cancelOp.path}: HTTP 202`);
  });

  test("a read with no body, or an error one, throws QStashResponseError naming the read and its rate limit", async () => {
    const { client: empty } = fakeClient([{ status: 202, data: { cancelled: 1, actionId: "ba" } }, { status: 200 }]);
    const error = await cancelMessages(empty, { label: ["x"] }, { interval: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QStashResponseError);
    expect(error).toMatchObject({ method: "GET", path: follow, status: 200, body: undefined });
    server.handle((req, res) =>
      req.method === "DELETE"
        ? json(res, 202, { cancelled: 1, actionId: "ba" })
        : json(res, 429, { error: "slow" }, { "Burst-RateLimit-Limit": "5", "Burst-RateLimit-Remaining": "0" }),
    );
    const limited = await cancelMessages(client(), { label: ["x"] }, { interval: 0 }).catch((e: unknown) => e);
    expect(limited).toMatchObject({ method: "GET", path: follow, status: 429, body: { error: "slow" } });
    expect((limited as QStashResponseError).rateLimit).toEqual({ kind: "burst", limit: 5, remaining: 0 });
  });

  test("a 429 on the cancel carries its rate limit", async () => {
    const headers = { "RateLimit-Limit": "10", "RateLimit-Remaining": "0" };
    server.handle((_req, res) => json(res, 429, { error: "daily" }, headers));
    const error = await cancelMessages(client(), { label: ["x"] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ method: "DELETE", path: cancelOp.path, status: 429, body: { error: "daily" } });
    expect((error as QStashResponseError).rateLimit).toEqual({ kind: "daily", limit: 10, remaining: 0 });
  });

  test.each<[string, unknown, string]>([
    ["no count", {}, '"cancelled" is missing, not a count'],
    ["a negative count", { cancelled: -1 }, '"cancelled" is -1, not a count'],
    ["a long string", { cancelled: "x".repeat(60) }, `"cancelled" is "${"x".repeat(39)}, not a count`],
    ["a numeric actionId", { cancelled: 1, actionId: 7 }, '"actionId" is 7, not an id'],
    ["an empty actionId", { cancelled: 1, actionId: "" }, '"actionId" is "", not an id'],
  ])("an answer with %s is an invalid body, said exactly", async (_what, data, detail) => {
    const { calls, client: fake } = fakeClient([{ status: 202, data }]);
    const error = await cancelMessages(fake, { label: ["x"] }, { interval: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QStashTransportError);
    expect(error).toMatchObject({ failure: "invalid-body", method: "DELETE", path: cancelOp.path, cause: undefined });
    expect((error as Error).message).toBe(invalid(detail));
    expect(calls).toHaveLength(1);
  });

  // On fake timers, so that the wait is measured exactly rather than by the clock of a busy machine.
  test.each<[string, number | undefined, number]>([
    ["the interval given", 60, 60],
    ["1,000 ms by default", undefined, 1000],
  ])("waits %s before each read", async (_what, interval, ms) => {
    vi.useFakeTimers();
    try {
      const { calls, client: fake } = fakeClient([
        { status: 202, data: { cancelled: 2, actionId: "ba" } },
        { data: { state: "IN_PROGRESS" } },
        { data: { state: "FINISHED" } },
      ]);
      const run = cancelMessages(fake, { label: ["x"] }, interval === undefined ? {} : { interval });
      for (const made of [1, 2]) {
        await vi.advanceTimersByTimeAsync(ms - 1);
        expect(calls).toHaveLength(made);
        await vi.advanceTimersByTimeAsync(1);
        expect(calls).toHaveLength(made + 1);
      }
      expect(await run).toMatchObject({ cancelled: 2, action: { state: "FINISHED" } });
    } finally {
      vi.useRealTimers();
    }
  });

  test("a count of 0 is a count", async () => {
    const { client: fake } = fakeClient([{ data: { cancelled: 0, actionId: "ba" } }, { data: { state: "FINISHED" } }]);
    expect(await cancelMessages(fake, { label: ["x"] }, { interval: 0 })).toEqual({
      cancelled: 0,
      actionId: "ba",
      action: { state: "FINISHED" },
    });
  });

  test.each<[string, unknown, string]>([
    ["no state", { processed: 1 }, "missing"],
    ["an unknown state", { state: "PAUSED" }, '"PAUSED"'],
  ])("a read with %s is an invalid body naming the action", async (_what, data, shown) => {
    const { client: fake } = fakeClient([{ status: 202, data: { cancelled: 1, actionId: "ba-1" } }, { data }]);
    const error = await cancelMessages(fake, { label: ["x"] }, { interval: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QStashTransportError);
    expect((error as Error).message).toBe(
      invalid(`bulk action ba-1: "state" is ${shown}, not IN_PROGRESS or FINISHED`),
    );
  });

  test("maxPolls 1 allows one read: FINISHED is the outcome, IN_PROGRESS the bound's error", async () => {
    const done = fakeClient([{ data: { cancelled: 1, actionId: "ba" } }, { data: { state: "FINISHED" } }]);
    expect(await cancelMessages(done.client, { label: ["x"] }, { maxPolls: 1, interval: 0 })).toMatchObject({
      action: { state: "FINISHED" },
    });
    const busy = fakeClient([{ data: { cancelled: 1, actionId: "ba" } }, { data: { state: "IN_PROGRESS" } }]);
    const error = await cancelMessages(busy.client, { label: ["x"] }, { maxPolls: 1, interval: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe(
      `DELETE ${cancelOp.path}: bulk action ba still IN_PROGRESS after 1 reads (maxPolls); ` +
        `it goes on in the background: read it with GET ${follow}`,
    );
    expect(busy.calls).toHaveLength(2);
  });

  test.each<[string, Record<string, number>, string]>([
    ["maxPolls 0", { maxPolls: 0 }, "maxPolls must be 1 or more, got 0"],
    ["maxPolls NaN", { maxPolls: NaN }, "maxPolls must be 1 or more, got NaN"],
    ["interval -1", { interval: -1 }, "interval -1: not milliseconds from 0 to 2^31-1"],
    ["interval 2^31", { interval: 2 ** 31 }, "interval 2147483648: not milliseconds from 0 to 2^31-1"],
  ])("%s is refused before anything is sent, said exactly", async (_what, options, message) => {
    const { calls, client: fake } = fakeClient([]);
    const error = await cancelMessages(fake, { label: ["x"] }, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QStashGuardError);
    expect((error as Error).message).toBe(message);
    expect(calls).toHaveLength(0);
  });

  test("an interval a timer holds is taken, 0 and 2^31-1 included", async () => {
    for (const interval of [0, 100, 2 ** 31 - 1]) {
      const { calls, client: fake } = fakeClient([{ data: { cancelled: 1 } }]);
      expect(await cancelMessages(fake, { label: ["x"] }, { interval })).toEqual({ cancelled: 1 });
      expect(calls).toHaveLength(1);
    }
  });
});

// Issue 10, class 7: every loop that follows a server's answer has a bound. Where the code has none
// of its own, the test holds one (a signal aborted after a runaway count of requests, a fake client
// that gives up), so that a loop that would never end fails the test instead of hanging it.

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
    const stop = runawayStop(server);
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
    const stop = runawayStop(server);
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
    const stop = runawayStop(server);
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
