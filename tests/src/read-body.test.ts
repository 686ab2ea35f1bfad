import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { setImmediate as tick } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { createQStashClient, pages, QStashGuardError, QStashTransportError } from "../../src/index.ts";
import { json, startLocalServer } from "../helpers/local-server.ts";

// Issue 21, class 5: after the default 30 s timeout (no signal given) the call rejected, but the connection
// stayed open and the body kept downloading (38 MB after 60 s, memory growing). A call that has ended, for
// any reason, stops reading and closes its connection; and `maxResponseBytes` (default 128 MiB) bounds what
// one answer may cost. The server here streams an answer that never ends, as fast as the client reads it,
// and counts what it wrote until the socket closed.

const MIB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, "a");
let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => (server = await startLocalServer()));
afterAll(() => server.close());
afterEach(() => vi.useRealTimers());

interface Stream {
  written: number;
  closed: boolean;
}
let streams: Stream[] = [];

/** Answers every request with a body that never ends (or a declared length it never reaches). */
function endless(status = 200, headers: Record<string, string> = {}) {
  streams = [];
  server.handle((_req, res: ServerResponse, socket: Socket) => {
    const stream: Stream = { written: 0, closed: false };
    streams.push(stream);
    socket.on("close", () => (stream.closed = true));
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.write('{"messages":["');
    const pump = () => {
      while (!res.destroyed && !stream.closed) {
        stream.written += CHUNK.length;
        if (!res.write(CHUNK)) return void res.once("drain", pump);
      }
    };
    pump();
  });
}

const client = (options: Parameters<typeof createQStashClient>[0] = {}) =>
  createQStashClient({ token: "endless-token", baseUrl: server.url, retry: false, ...options });

/** Real I/O runs on the event loop; waits turn by turn until the condition holds (a bound, not a timer). */
async function until(condition: () => boolean, turns = 200_000) {
  for (let i = 0; i < turns && !condition(); i++) await tick();
  expect(condition()).toBe(true);
}

const settle = (p: Promise<unknown>) =>
  p.then(
    (value) => ({ value, error: undefined as unknown }),
    (error: unknown) => ({ value: undefined, error }),
  );

/** After the call ended: the connection closes, and nothing more is written to it. */
async function closedAndStill(stream: Stream) {
  await until(() => stream.closed);
  const at = stream.written;
  for (let i = 0; i < 200; i++) await tick();
  expect(stream.written).toBe(at);
}

describe("a size limit bounds what one answer costs", () => {
  test("a body that never ends is refused past maxResponseBytes; the socket closes; bytes and memory stay bounded", async () => {
    endless();
    const memory = () => process.memoryUsage().arrayBuffers;
    const before = memory();
    const { error } = await settle(client({ maxResponseBytes: 4 * MIB }).GET("/v2/dlq"));
    expect(error).toBeInstanceOf(QStashTransportError);
    expect(error).toMatchObject({ failure: "too-large", method: "GET", path: "/v2/dlq" });
    expect((error as Error).message).toMatch(/4194304 bytes/);
    await closedAndStill(streams[0]!);
    // What the server managed to write: the limit, plus what the sockets' buffers held when the client stopped.
    const grown = memory() - before;
    console.log(
      `endless answer: ${streams[0]!.written} bytes written before the socket closed (limit ${4 * MIB}); array buffers grew ${grown} bytes`,
    );
    expect(streams[0]!.written).toBeLessThan(4 * MIB + 16 * MIB);
    expect(grown).toBeLessThan(64 * MIB);
  });

  test("a declared Content-Length past the limit is refused before the body is read", async () => {
    endless(200, { "content-length": String(2 * MIB) });
    const { error } = await settle(client({ maxResponseBytes: MIB }).GET("/v2/dlq"));
    expect(error).toMatchObject({ failure: "too-large" });
    await closedAndStill(streams[0]!);
  });

  test("the default limit is 128 MiB, named in the refusal", async () => {
    endless(200, { "content-length": String(128 * MIB + 1) });
    const { error } = await settle(client().GET("/v2/dlq"));
    expect(error).toMatchObject({ failure: "too-large" });
    expect((error as Error).message).toMatch(/maxResponseBytes \(134217728 bytes\)/);
    await closedAndStill(streams[0]!);
  });

  test("an error answer that never ends is bounded the same way", async () => {
    endless(500);
    const { error } = await settle(client({ maxResponseBytes: MIB }).GET("/v2/dlq"));
    expect(error).toMatchObject({ failure: "too-large" });
    await closedAndStill(streams[0]!);
  });

  test("an answer retried: the one left behind is closed before the next attempt", async () => {
    endless(503);
    const { error } = await settle(
      client({ maxResponseBytes: MIB, retry: { attempts: 2, baseDelay: 0 } }).GET("/v2/dlq"),
    );
    expect(error).toMatchObject({ failure: "too-large" });
    expect(streams).toHaveLength(2);
    for (const stream of streams) await closedAndStill(stream);
  });

  test("a helper's page that never ends: pages() throws the same refusal", async () => {
    endless();
    const walk = async () => {
      for await (const _ of pages(client({ maxResponseBytes: MIB }), "GET", "/v2/dlq"));
    };
    expect((await settle(walk())).error).toMatchObject({ failure: "too-large" });
    await closedAndStill(streams[0]!);
  });

  test("exactly the limit is read whole; one byte more is refused (no Content-Length)", async () => {
    const body = JSON.stringify({ messages: ["x".repeat(1000)] });
    const chunked = (text: string) => (_r: unknown, res: ServerResponse) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(text.slice(0, 10));
      res.end(text.slice(10));
    };
    server.handle(chunked(body));
    const { data } = await client({ maxResponseBytes: body.length }).GET("/v2/dlq");
    expect(data).toEqual(JSON.parse(body));
    server.handle(chunked(body));
    const { error } = await settle(client({ maxResponseBytes: body.length - 1 }).GET("/v2/dlq"));
    expect(error).toMatchObject({ failure: "too-large" });
  });

  test("a call's own maxResponseBytes wins over the client's", async () => {
    server.handle((_r, res) => json(res, 200, { messages: ["x".repeat(100)] }));
    const { error } = await settle(client({ maxResponseBytes: MIB }).GET("/v2/dlq", { maxResponseBytes: 50 }));
    expect(error).toMatchObject({ failure: "too-large" });
    const { data } = await client({ maxResponseBytes: 50 }).GET("/v2/dlq", { maxResponseBytes: MIB });
    expect(data).toBeDefined();
  });

  test.each([0, -1, 1.5, Number.NaN, "1024", null])(
    "maxResponseBytes %j is refused before anything is sent",
    async (bad) => {
      server.handle((_r, res) => json(res, 200, {}));
      expect(() => client({ maxResponseBytes: bad as never })).toThrow(QStashGuardError);
      const { error } = await settle(client().GET("/v2/dlq", { maxResponseBytes: bad as never }));
      expect(error).toBeInstanceOf(QStashGuardError);
      expect(server.received).toEqual([]);
    },
  );
});

describe("a call that has ended stops reading and closes its connection", () => {
  test("the default timeout (no signal, no timeout given): at 30 s the call rejects and the socket closes", async () => {
    endless();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const call = settle(client().GET("/v2/dlq"));
    await until(() => streams.length === 1 && streams[0]!.written > 0);
    await vi.advanceTimersByTimeAsync(30_000);
    const { error } = await call;
    expect(error).toMatchObject({ failure: "timeout" });
    await closedAndStill(streams[0]!);
  });

  test("an explicit timeout mid-body: the socket closes", async () => {
    endless();
    const { error } = await settle(client({ timeout: 200, maxResponseBytes: Infinity }).GET("/v2/dlq"));
    expect(error).toMatchObject({ failure: "timeout" });
    await closedAndStill(streams[0]!);
  });

  test("the caller's abort mid-body: its reason, and the socket closes", async () => {
    endless();
    const controller = new AbortController();
    const call = settle(client({ maxResponseBytes: Infinity }).GET("/v2/dlq", { signal: controller.signal }));
    await until(() => streams.length === 1 && streams[0]!.written > MIB);
    controller.abort(new Error("caller gave up"));
    expect((await call).error).toMatchObject({ message: "caller gave up" });
    await closedAndStill(streams[0]!);
  });

  test("maxResponseBytes: Infinity turns the bound off (the call then ends only by its timeout)", async () => {
    endless();
    const { error } = await settle(client({ maxResponseBytes: Infinity, timeout: 300 }).GET("/v2/dlq"));
    expect(error).toMatchObject({ failure: "timeout" });
    expect(streams[0]!.written).toBeGreaterThan(0);
    await closedAndStill(streams[0]!);
  });
});
