import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** A request as Prism's HTTP server reads it: method, path and query as sent, lower-case header names. */
export interface PlainRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

/** What Prism's HTTP server writes back. */
export interface PlainResponse {
  status: number;
  headers: [string, string][];
  body: string | null;
}

export interface PrismPool {
  handle(request: PlainRequest): Promise<PlainResponse>;
  close(): Promise<void>;
}

const WORKER = new URL("./prism-worker.cjs", import.meta.url);

/**
 * Prism mock engines in worker threads, each loaded from the same description; a request goes to
 * the engine with the fewest in flight. Threads let a 2-core machine run Prism's validation and
 * mocking beside the suite that sends the requests, with no socket in between.
 */
export async function startPrismPool(spec: string, { workers = 1, readyTimeoutMs = 30_000 } = {}): Promise<PrismPool> {
  if (!Number.isInteger(workers) || workers < 0) {
    throw new Error(`startPrismPool: workers must be a whole number, got ${workers}`);
  }
  if (workers === 0) return inThisThread(spec, readyTimeoutMs);
  const engines = Array.from({ length: workers }, () => new Engine(spec));
  try {
    await withTimeout(Promise.all(engines.map((e) => e.ready)), readyTimeoutMs, tooSlow(spec, readyTimeoutMs));
  } catch (error) {
    await Promise.all(engines.map((e) => e.close()));
    throw error;
  }
  return {
    handle(request) {
      let idlest = engines[0];
      for (const engine of engines) if (engine.inFlight < idlest.inFlight) idlest = engine;
      return idlest.send(request);
    },
    async close() {
      await Promise.all(engines.map((e) => e.close()));
    },
  };
}

/** No threads: the engine runs on this thread, between the requests it answers. */
async function inThisThread(spec: string, readyTimeoutMs: number): Promise<PrismPool> {
  type EngineModule = { createEngine(spec: string): Promise<{ handle: PrismPool["handle"] }> };
  const { createEngine } = createRequire(import.meta.url)("./prism-engine.cjs") as EngineModule;
  const loading = createEngine(spec).catch((error: Error) => {
    throw new Error(`Prism could not load ${spec}: ${error.message}`);
  });
  const engine = await withTimeout(loading, readyTimeoutMs, tooSlow(spec, readyTimeoutMs));
  return { handle: (request) => engine.handle(request), close: async () => {} };
}

class Engine {
  readonly ready: Promise<void>;
  inFlight = 0;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: PlainResponse) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private gone: Error | null = null;

  constructor(spec: string) {
    // The worker is plain CommonJS: it needs none of the TypeScript loader's hooks.
    this.worker = new Worker(WORKER, { workerData: { spec }, execArgv: [], stdout: true, stderr: true });
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    this.ready = new Promise((resolve, reject) => {
      const onLoad = (message: { ready?: boolean; failed?: string }) => {
        if (message.failed !== undefined) reject(new Error(`Prism could not load ${spec}: ${message.failed}`));
        else if (message.ready) resolve();
        if (message.failed !== undefined || message.ready) this.worker.off("message", onLoad);
      };
      this.worker.on("message", onLoad);
      this.worker.once("error", reject);
    });
    this.ready.catch(() => {});
    this.worker.on("message", (message: { id?: number; response?: PlainResponse; error?: string }) => {
      if (message.id === undefined) return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      this.inFlight--;
      if (message.error !== undefined)
        waiting.reject(new Error(`Prism's engine failed on a request: ${message.error}`));
      else waiting.resolve(message.response!);
    });
    this.worker.on("exit", (code) => this.fail(new Error(`Prism's engine thread exited (code ${code})`)));
    this.worker.on("error", (error) => this.fail(error));
  }

  send(request: PlainRequest): Promise<PlainResponse> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    this.inFlight++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, request });
    });
  }

  async close(): Promise<void> {
    this.gone ??= new Error("Prism's engine was stopped");
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.gone ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    this.inFlight = 0;
  }
}

function tooSlow(spec: string, ms: number): string {
  return `Prism did not load ${spec} within ${ms} ms`;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
