import { createRequire } from "node:module";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer } from "node:net";
import { spawnGuarded, type GuardedChild } from "../lib/guarded-spawn.ts";
import { inProcessTransport, type Transport } from "./in-process-fetch.ts";
import { startPrismPool, type PrismPool } from "./prism-pool.ts";

export const MOCKED_SPEC = "generated/qstash.openapi.json";
const PRISM_BIN = createRequire(import.meta.url).resolve("@stoplight/prism-cli/dist/index.js");

export interface PrismOptions {
  /** `mock` serves the spec; `proxy` forwards to `upstream` and validates both directions. */
  mode?: "mock" | "proxy";
  /**
   * How a mock runs: `in-process` (the default) runs Prism's own libraries, set up as the CLI sets
   * them up, in a worker thread of this process; `cli` runs the `prism mock` process. The same
   * requests get the same answers from both (tests/scripts/contract/prism-engine.test.ts). A proxy always runs the CLI.
   */
  engine?: "in-process" | "cli";
  /** in-process only: engine threads sharing the requests (0: on this thread); default PRISM_WORKERS, else 1. */
  workers?: number;
  spec?: string;
  upstream?: string;
  readyTimeoutMs?: number;
}

export interface RunningPrism {
  url: string;
  /** Prism's own process group (cli); null in-process, where Prism's threads end with this process. */
  pid: number | null;
  engine: "in-process" | "cli";
  stop(): Promise<void>;
}

/** Engines the in-process mocks run on, by base URL: requests from this process skip the socket. */
const IN_PROCESS = new Map<string, Transport>();

/**
 * The fetch (and its Request class) that reaches `baseUrl` fastest: a mock started in this process
 * answers without a socket, exactly what it answers over one (tests/scripts/contract/prism-engine.test.ts); anything
 * else goes through the global fetch.
 */
export function transportFor(baseUrl: string): Transport {
  return IN_PROCESS.get(originOf(baseUrl)) ?? { fetch: globalThis.fetch, Request: globalThis.Request };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * Starts a Prism mock of the spec (in this process unless `engine: "cli"`) or a Prism proxy, waits
 * until it answers, and returns its URL and a stop() that leaves nothing running.
 */
export async function startPrism(options: PrismOptions = {}): Promise<RunningPrism> {
  const { mode = "mock", engine = "in-process" } = options;
  return mode === "mock" && engine === "in-process" ? startInProcessMock(options) : startCli(options);
}

/**
 * Starts Prism's own bin (never through npx, whose wrapper outlives a kill) in a process group
 * of its own, under a guard that ends it if this process dies, waits until it answers, and
 * returns a handle whose stop() ends the whole group.
 */
async function startCli({
  mode = "mock",
  spec = MOCKED_SPEC,
  upstream,
  readyTimeoutMs = 30_000,
}: PrismOptions): Promise<RunningPrism> {
  if (mode === "proxy" && !upstream) throw new Error("startPrism: proxy mode needs an upstream base URL");
  const port = await freePort();
  const args = mode === "mock" ? ["mock", spec] : ["proxy", spec, upstream!];
  const hostArgs = ["--host", "127.0.0.1", "--port", String(port), "--errors"];
  const guarded = spawnGuarded(process.execPath, [PRISM_BIN, ...args, ...hostArgs], { cwd: process.cwd() });
  const { child } = guarded;
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(chunk.toString()) > 200 && output.shift();
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const killOnExit = () => killGroup(guarded);
  process.once("exit", killOnExit);
  try {
    await waitUntilAnswering(url, guarded, readyTimeoutMs, () => output.join(""));
  } catch (error) {
    await guarded.stop();
    throw error;
  }
  return {
    url,
    pid: child.pid!,
    engine: "cli",
    stop: async () => {
      process.off("exit", killOnExit);
      await guarded.stop();
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(
  url: string,
  { child }: GuardedChild,
  timeoutMs: number,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(
        `Prism exited with code ${child.exitCode} before answering on ${url}. Its output:\n${tail(log())}`,
      );
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(
    `Prism did not answer on ${url} within ${timeoutMs} ms. Its output:\n${tail(log())}\nfix: check that ${MOCKED_SPEC} exists (npm run generate) and that nothing blocks 127.0.0.1.`,
  );
}

function tail(text: string): string {
  return text.split("\n").slice(-15).join("\n");
}

/** At exit, no time is left to wait: the whole group goes at once. */
function killGroup({ child }: GuardedChild): void {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // The group is gone already.
  }
}

/** Largest request body read, as the CLI's server (10 MB); one byte more lets the engine refuse it. */
const BODY_LIMIT = 10 * 1024 * 1024;

/**
 * A mock on Prism's engines in worker threads, served over HTTP on 127.0.0.1 for whoever asks
 * (other suites, SDKs, tests in other processes) and without a socket to this process's own
 * requests (transportFor). Threads end with the process, so nothing outlives a run.
 */
async function startInProcessMock(options: PrismOptions): Promise<RunningPrism> {
  const { spec = MOCKED_SPEC, readyTimeoutMs = 30_000, workers = workersFromEnv() } = options;
  let pool: PrismPool;
  try {
    pool = await startPrismPool(spec, { workers, readyTimeoutMs });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const fix = `fix: check that ${spec} exists and is a valid description (npm run generate writes ${MOCKED_SPEC}).`;
    throw new Error(`${message}\n${fix}`);
  }
  const server = createHttpServer((req, res) => {
    serveOverHttp(pool, req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end(`Prism's engine failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  IN_PROCESS.set(
    url,
    inProcessTransport((request) => pool.handle(request)),
  );
  return {
    url,
    pid: null,
    engine: "in-process",
    stop: async () => {
      IN_PROCESS.delete(url);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.close();
    },
  };
}

async function serveOverHttp(pool: PrismPool, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size > BODY_LIMIT) continue; // drain the rest; the engine answers 413 for what it holds
    chunks.push(chunk);
    size += chunk.length;
  }
  const hasBody = req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : String(value)]),
  );
  const body = hasBody ? Buffer.concat(chunks) : null;
  const answer = await pool.handle({ method: req.method ?? "GET", url: req.url ?? "/", headers, body });
  res.writeHead(answer.status, answer.headers.flat());
  res.end(answer.body ?? undefined);
}

/** Engine threads of an in-process mock: PRISM_WORKERS, else DEFAULT_WORKERS (see bench/prism-transport.ts). */
const DEFAULT_WORKERS = 1;

function workersFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.PRISM_WORKERS;
  if (given === undefined || given === "") return DEFAULT_WORKERS;
  const workers = Number(given);
  if (!Number.isInteger(workers) || workers < 0) {
    const fix = `fix: unset it (${DEFAULT_WORKERS}) or set a whole number, 0 for none`;
    throw new Error(`PRISM_WORKERS must be a whole number of engine threads, got ${JSON.stringify(given)}\n${fix}`);
  }
  return workers;
}
