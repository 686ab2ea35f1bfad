import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { onInterrupt } from "../lib/interrupts.ts";

/**
 * Headless Chromium from Debian's packages, driven over the DevTools protocol on a pipe
 * (`--remote-debugging-pipe`: JSON messages ended by a NUL byte, commands on fd 3, answers on fd 4).
 * No browser download and no WebSocket client: a page is opened, scripts are evaluated in it and
 * screenshots taken, which is all the report's checks need. Chromium runs in a process group of its
 * own with a fresh profile; close() ends the group and removes the profile, and a Chromium whose
 * pipe closes (this process died) quits by itself.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** How to get the browser, in one line (a test that cannot find it fails with exactly this). */
export const INSTALL_HINT = `no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does when it is missing), or set CHROMIUM_PATH`;

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--remote-debugging-pipe",
];

/** Bound on any one protocol command: a wedged browser fails the caller instead of hanging it. */
const COMMAND_TIMEOUT_MS = 30_000;
const CLOSE_GRACE_MS = 3_000;

export class ChromiumMissing extends Error {
  constructor() {
    super(INSTALL_HINT);
    // One line is the whole message: a stack would only say where the check sits.
    this.stack = `${this.name}: ${INSTALL_HINT}`;
  }
}

export interface Page {
  /** Opens `url` and resolves once its load event fired. */
  open(url: string): Promise<void>;
  /** The value of a JavaScript expression evaluated in the page (awaited when it is a promise). */
  evaluate<T>(expression: string): Promise<T>;
  /** A PNG of the viewport, or of the whole page with `fullPage`. */
  screenshot(options?: { fullPage?: boolean }): Promise<Buffer>;
  /** Every URL the page asked for since it was created (the document itself included). */
  requests: string[];
}

export interface Browser {
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new ChromiumMissing();
  const profile = mkdtempSync(join(tmpdir(), "qstash-chromium-"));
  const child = spawn(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, "about:blank"], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  const connection = new Connection(child.stdio[3] as Writable, child.stdio[4] as Readable, () =>
    stderr.join("").trim().split("\n").slice(-3).join(" | "),
  );
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    forget();
    await connection.send("Browser.close").catch(() => undefined);
    await ended(child, CLOSE_GRACE_MS);
    killGroup(child);
    rmSync(profile, { recursive: true, force: true });
  };
  const forget = onInterrupt(close);
  child.once("error", (error) => connection.fail(`cannot start ${CHROMIUM}: ${error.message}`));
  try {
    await connection.send("Browser.getVersion");
  } catch (error) {
    await close();
    throw error;
  }
  return { newPage: (viewport) => openPage(connection, viewport), close };
}

async function openPage(connection: Connection, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const { targetId } = await connection.send<{ targetId: string }>("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await connection.send<{ sessionId: string }>("Target.attachToTarget", {
    targetId,
    flatten: true,
  });
  const send = <T>(method: string, params: object = {}) => connection.send<T>(method, params, sessionId);
  const requests: string[] = [];
  connection.listen(sessionId, "Network.requestWillBeSent", (params) => requests.push(params.request.url));
  await send("Page.enable");
  await send("Runtime.enable");
  await send("Network.enable");
  await send("Emulation.setDeviceMetricsOverride", { ...viewport, deviceScaleFactor: 1, mobile: false });
  return {
    requests,
    async open(url) {
      const loaded = connection.once(sessionId, "Page.loadEventFired");
      const { errorText, loaderId } = await send<{ errorText?: string; loaderId?: string }>("Page.navigate", { url });
      // No loader: only the fragment changed, the document stays and fires no load event.
      if (errorText || !loaderId) loaded.cancel();
      if (errorText) throw new Error(`Chromium could not open ${url}: ${errorText}`);
      if (loaderId) await loaded;
    },
    async evaluate<T>(expression: string) {
      const { result, exceptionDetails } = await send<{ result: { value: T }; exceptionDetails?: any }>(
        "Runtime.evaluate",
        { expression, returnByValue: true, awaitPromise: true },
      );
      if (exceptionDetails) {
        const reason = exceptionDetails.exception?.description ?? exceptionDetails.text;
        throw new Error(`in the page: ${String(reason).split("\n")[0]}`);
      }
      return result.value;
    },
    async screenshot({ fullPage = false } = {}) {
      const { data } = await send<{ data: string }>("Page.captureScreenshot", {
        format: "png",
        captureBeyondViewport: fullPage,
      });
      return Buffer.from(data, "base64");
    },
  };
}

type Listener = (params: any) => void;

/** One DevTools connection: numbered commands and their answers, events by session and name. */
class Connection {
  private nextId = 1;
  private buffered = "";
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private failure?: Error;

  constructor(
    private readonly input: Writable,
    output: Readable,
    private readonly lastWords: () => string,
  ) {
    // A character split across two chunks is joined by the stream's decoder, not torn in half.
    output.setEncoding("utf8");
    output.on("data", (text: string) => this.receive(text));
    output.on("close", () => this.fail("Chromium closed its DevTools pipe"));
    input.on("error", () => this.fail("Chromium closed its DevTools pipe"));
  }

  send<T = any>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`Chromium did not answer ${method} within ${COMMAND_TIMEOUT_MS / 1000} s`));
      }, COMMAND_TIMEOUT_MS);
      const settle = {
        resolve: (v: T) => (clearTimeout(timer), resolve(v)),
        reject: (e: Error) => (clearTimeout(timer), reject(e)),
      };
      this.pending.set(id, settle);
      this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  listen(sessionId: string, event: string, listener: Listener): () => void {
    const key = `${sessionId}:${event}`;
    const set = this.listeners.get(key) ?? new Set();
    this.listeners.set(key, set.add(listener));
    return () => set.delete(listener);
  }

  /** The next such event; cancel() stops waiting for one that will not come. */
  once(sessionId: string, event: string): Promise<any> & { cancel(): void } {
    let cancel = () => {};
    const next = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`Chromium sent no ${event} within ${COMMAND_TIMEOUT_MS / 1000} s`));
      }, COMMAND_TIMEOUT_MS);
      const stop = this.listen(sessionId, event, (params) => {
        clearTimeout(timer);
        stop();
        resolve(params);
      });
      cancel = () => (clearTimeout(timer), stop());
    });
    return Object.assign(next, { cancel: () => cancel() });
  }

  fail(reason: string): void {
    if (this.failure) return;
    const words = this.lastWords();
    this.failure = new Error(words ? `${reason} (${words})` : reason);
    for (const { reject } of this.pending.values()) reject(this.failure);
    this.pending.clear();
  }

  private receive(text: string): void {
    this.buffered += text;
    let end = this.buffered.indexOf("\0");
    while (end >= 0) {
      const message = JSON.parse(this.buffered.slice(0, end));
      this.buffered = this.buffered.slice(end + 1);
      end = this.buffered.indexOf("\0");
      if (typeof message.id === "number") {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiting?.reject(new Error(`Chromium: ${message.error.message}`));
        else waiting?.resolve(message.result);
      } else {
        for (const listener of this.listeners.get(`${message.sessionId}:${message.method}`) ?? [])
          listener(message.params);
      }
    }
  }
}

function ended(child: ChildProcess, withinMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, withinMs);
    child.once("exit", () => (clearTimeout(timer), resolve()));
  });
}

/** Chromium's helpers (renderer, GPU, zygote) share its group: none may outlive the run. */
function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // The group is gone already.
  }
}
