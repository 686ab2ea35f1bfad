import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { OPERATIONS } from "../../generated/operations.ts";
import { CANCEL } from "../../src/operation-facts.ts";
import { cancelMessages, createQStashClient, QStashResponseError, type CancelProgress } from "../../src/index.ts";
import { json, startLocalServer, type Received } from "./local-server.ts";

// cancelMessages follows QStash's bulk cancel as it runs today: one call cancels every match (the
// deprecated `count` is ignored, so there is nothing to batch); a filter-based cancel is a background
// bulk action, which the helper follows to FINISHED when the answer names one.

let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => (server = await startLocalServer()));
afterAll(() => server.close());

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

  test("waits `interval` between reads", async () => {
    serveBulkAction("ba-2", [{ state: "IN_PROGRESS" }, { state: "FINISHED" }]);
    const started = Date.now();
    await cancelMessages(client(), { label: ["x"] }, { interval: 60 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  test("an aborted signal stops the walk before the next read", async () => {
    serveBulkAction("ba-3", Array(50).fill({ state: "IN_PROGRESS" }));
    const controller = new AbortController();
    const run = cancelMessages(
      client(),
      { label: ["x"] },
      {
        interval: 0,
        signal: controller.signal,
        onProgress: () => server.received.length === 3 && controller.abort(new Error("stop")),
      },
    );
    await expect(run).rejects.toThrow("stop");
    expect(server.received).toHaveLength(3);
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
