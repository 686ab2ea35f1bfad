import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const MOCKED_SPEC = "generated/qstash.openapi.json";
const GUARD = fileURLToPath(new URL("./prism-guard.cjs", import.meta.url));

export interface PrismOptions {
  /** `mock` serves the spec; `proxy` forwards to `upstream` and validates both directions. */
  mode?: "mock" | "proxy";
  spec?: string;
  upstream?: string;
  readyTimeoutMs?: number;
}

export interface RunningPrism {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts Prism's own bin (never through npx, whose wrapper outlives a kill) in a process group
 * of its own, under a guard that ends it if this process dies, waits until it answers, and
 * returns a handle whose stop() ends the whole group.
 */
export async function startPrism({ mode = "mock", spec = MOCKED_SPEC, upstream, readyTimeoutMs = 30_000 }: PrismOptions = {}): Promise<RunningPrism> {
  if (mode === "proxy" && !upstream) throw new Error("startPrism: proxy mode needs an upstream base URL");
  const port = await freePort();
  const args = mode === "mock" ? ["mock", spec] : ["proxy", spec, upstream!];
  const child = spawn(process.execPath, [GUARD, String(process.pid), ...args, "--host", "127.0.0.1", "--port", String(port), "--errors"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(chunk.toString()) > 200 && output.shift();
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopGroup(child);
  const killOnExit = () => killGroup(child, "SIGKILL");
  process.once("exit", killOnExit);
  try {
    await waitUntilAnswering(url, child, readyTimeoutMs, () => output.join(""));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      process.off("exit", killOnExit);
      await stop();
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

async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode} before answering on ${url}. Its output:\n${tail(log())}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`Prism did not answer on ${url} within ${timeoutMs} ms. Its output:\n${tail(log())}\nfix: check that ${MOCKED_SPEC} exists (npm run generate) and that nothing blocks 127.0.0.1.`);
}

function tail(text: string): string {
  return text.split("\n").slice(-15).join("\n");
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is already gone.
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return killGroup(child, "SIGKILL");
  const exited = new Promise((resolve) => child.once("exit", resolve));
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
  killGroup(child, "SIGKILL");
}
