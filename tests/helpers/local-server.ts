import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { afterAll, beforeAll } from "vitest";

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export type Handler = (req: Received, res: ServerResponse, socket: Socket) => void;

/**
 * A real HTTP server on 127.0.0.1, port 0, for one test file: records every request, lets each
 * test set the handler, and tracks open sockets so a test can assert none is left behind.
 */
export async function startLocalServer() {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  let handler: Handler = (_req, res) => json(res, 200, {});
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
      received.push(entry);
      handler(entry, res, req.socket);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    sockets,
    handle(next: Handler) {
      handler = next;
      received.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type LocalServer = Awaited<ReturnType<typeof startLocalServer>>;

/**
 * One local server for the calling test file: started before its first test (answering with
 * `handler`, when given), closed after its last. Its fields are there once the file's tests run.
 */
export function useLocalServer(handler?: Handler): LocalServer {
  const server = {} as LocalServer;
  beforeAll(async () => {
    Object.assign(server, await startLocalServer());
    if (handler) server.handle(handler);
  });
  afterAll(() => server.close());
  return server;
}

/** A port nothing listens on: bound, then released. (Port 1 would not do: fetch refuses it as a bad port.) */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Waits until `condition` holds, polling; fails after `ms`. */
export async function eventually(condition: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error("condition never held");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A signal the test aborts once `server` has answered `limit` requests: a loop that follows the
 * server's answers and would never end fails its test instead of hanging it. Call `count()` from
 * the server's handler.
 */
export function runawayStop(server: { received: readonly unknown[] }, limit = 50) {
  const stop = new AbortController();
  return {
    signal: stop.signal,
    count: () => server.received.length >= limit && stop.abort(new Error("runaway loop")),
  };
}
