import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { createQStashClient, QStashTransportError } from "../../../src/index.ts";
import { closedPort, eventually, json, startLocalServer } from "../../helpers/local-server.ts";

let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => (server = await startLocalServer()));
afterAll(() => server.close());
afterEach(() => vi.restoreAllMocks());

const TOKEN = "faults-test-token";
const client = (extra: Parameters<typeof createQStashClient>[0] = {}) =>
  createQStashClient({ token: TOKEN, baseUrl: server.url, retry: { baseDelay: 1 }, ...extra });

const activeTimers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

async function failureOf(call: Promise<unknown>): Promise<QStashTransportError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QStashTransportError);
  return error as QStashTransportError;
}

describe("transport faults", () => {
  test("refused: retried for a GET, then one QStashTransportError", async () => {
    let calls = 0;
    const c = createQStashClient({
      token: TOKEN,
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      retry: { baseDelay: 1 },
      fetch: (r) => (calls++, fetch(r)),
    });
    const error = await failureOf(c.GET("/v2/dlq"));
    expect(error).toMatchObject({ failure: "refused", method: "GET", path: "/v2/dlq" });
    expect(calls).toBe(4);
  });

  test("refused: a POST without deduplication is tried once", async () => {
    let calls = 0;
    const c = createQStashClient({
      token: TOKEN,
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      retry: { baseDelay: 1 },
      fetch: (r) => (calls++, fetch(r)),
    });
    const error = await failureOf(
      c.POST("/v2/publish/{destination}", { params: { path: { destination: "group-a" } }, body: "x" }),
    );
    expect(error.failure).toBe("refused");
    expect(calls).toBe(1);
  });

  test("reset: the server drops the connection; a GET is retried, then fails as reset", async () => {
    server.handle((_req, _res, socket) => socket.destroy());
    const error = await failureOf(client().GET("/v2/dlq"));
    expect(error.failure).toBe("reset");
    expect(server.received.length).toBe(4);
  });

  test("reset mid-body fails as reset", async () => {
    server.handle((_req, res, socket) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"messages": [');
      setTimeout(() => socket.destroy(), 5);
    });
    const error = await failureOf(client({ retry: false }).GET("/v2/dlq"));
    expect(error.failure).toBe("reset");
  });

  test("garbage: a 2xx whose body is not JSON fails as invalid-body, not retried", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("<html>surprise</html>");
    });
    const error = await failureOf(client().GET("/v2/dlq"));
    expect(error).toMatchObject({ failure: "invalid-body", method: "GET", path: "/v2/dlq" });
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(server.received.length).toBe(1);
  });

  test("a non-JSON error body comes back as text in { error }", async () => {
    server.handle((_req, res) => {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end("bad filter");
    });
    const { error, response } = await client().GET("/v2/dlq");
    expect(response.status).toBe(400);
    expect(error).toBe("bad filter");
  });

  const STALLS: [string, (res: import("node:http").ServerResponse) => void][] = [
    ["before the headers", () => {}],
    [
      "after the headers, mid-body",
      (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"messages": [');
      },
    ],
  ];
  test.each(STALLS)("stall %s: the call ends at its timeout and the socket is closed", async (_name, stall) => {
    let socket: import("node:net").Socket | undefined;
    server.handle((_req, res, s) => ((socket = s), stall(res)));
    const timersBefore = activeTimers();
    const started = Date.now();
    const error = await failureOf(client({ timeout: 150 }).GET("/v2/dlq"));
    expect(error.failure).toBe("timeout");
    // A bound, not a speed claim: the call must not outlive its timeout by more than scheduling slack.
    expect(Date.now() - started).toBeLessThan(150 + 1000);
    expect(server.received.length).toBe(1);
    // The client aborted the request, so the server sees that very connection close.
    await eventually(() => socket!.destroyed);
    expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
  });

  test("a per-call timeout wins over the client's", async () => {
    let socket: import("node:net").Socket | undefined;
    server.handle((_req, _res, s) => (socket = s));
    const error = await failureOf(client({ timeout: 60_000 }).GET("/v2/dlq", { timeout: 100 }));
    expect(error.failure).toBe("timeout");
    await eventually(() => socket!.destroyed);
  });

  test("the timeout bounds retries and their waits too", async () => {
    server.handle((_req, res) => json(res, 503, { error: "busy" }, { "Retry-After": "1" }));
    const started = Date.now();
    const error = await failureOf(
      client({ timeout: 300, retry: { baseDelay: 1, maxDelay: 5000, maxElapsed: 60_000 } }).GET("/v2/dlq"),
    );
    expect(error.failure).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(300 + 1000);
    expect(server.received.length).toBe(1);
  });

  test("the caller's own abort rejects with the caller's reason, and sends no more", async () => {
    let socket: import("node:net").Socket | undefined;
    server.handle((_req, _res, s) => (socket = s));
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    const call = client().GET("/v2/dlq", { signal: controller.signal });
    await eventually(() => server.received.length === 1);
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    await eventually(() => socket!.destroyed);
    expect(server.received.length).toBe(1);
  });

  // Each call's deadline is a timer; a call that ends must clear it, whether it ended at once or after retries.
  // Spies tell the deadline's timers (by their length: nothing else here waits that long) from undici's own.
  test.each([
    ["the client's", { timeout: 60_000 }, {}, 60_000],
    ["a call's", {}, { timeout: 60_000 }, 60_000],
    ["the default", {}, {}, 30_000],
  ])(
    "successful calls and retries under %s timeout leave no timer behind",
    async (_where, clientOptions, callOptions, ms) => {
      let i = 0;
      server.handle((_req, res) => json(res, i++ % 2 ? 200 : 503, { messages: [] }, { "Retry-After": "0" }));
      const set = vi.spyOn(globalThis, "setTimeout");
      const clear = vi.spyOn(globalThis, "clearTimeout");
      const c = client(clientOptions);
      for (let n = 0; n < 3; n++) expect((await c.GET("/v2/dlq", callOptions)).response.status).toBe(200);
      expect(server.received).toHaveLength(6);
      const deadlines = set.mock.calls.flatMap(([, wait], at) => (wait === ms ? [set.mock.results[at]!.value] : []));
      expect(deadlines).toHaveLength(3);
      for (const timer of deadlines) expect(clear).toHaveBeenCalledWith(timer);
    },
  );
});
