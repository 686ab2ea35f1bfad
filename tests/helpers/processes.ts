import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export const TSX = `${process.cwd()}/node_modules/.bin/tsx`;

/** A spawned command in a process group of its own, with its output kept. */
export interface Running {
  child: ChildProcess;
  output(): string;
  /** Resolves once the output matches (rejects when the process ends first or after `ms`). */
  until(pattern: RegExp, ms?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function start(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Running {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const waiters = new Set<() => void>();
  const keep = (chunk: Buffer) => {
    text += chunk.toString();
    for (const check of waiters) check();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  const until = (pattern: RegExp, ms = 90_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`no ${pattern} within ${ms} ms; output:\n${text.slice(-3000)}`)),
        ms,
      );
      const check = () => pattern.test(text) && done();
      const done = (error?: Error) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve();
      };
      waiters.add(check);
      void exited.then(() =>
        setTimeout(
          () =>
            done(pattern.test(text) ? undefined : new Error(`ended before ${pattern}; output:\n${text.slice(-3000)}`)),
          50,
        ),
      );
      check();
    });
  return { child, output: () => text, until, exited };
}

/** Sends a signal to a spawned command's whole process group, as a terminal's Ctrl-C or a CI cancel does. */
export function signalGroup(running: Running, signal: NodeJS.Signals): void {
  try {
    process.kill(-running.child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** Processes whose working directory or command line lies under `dir`. */
export function processesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      let cwd = "";
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // Not ours to read.
      }
      if (cmdline.includes(dir) || cwd === dir || cwd.startsWith(`${dir}/`))
        found.push(`${pid} ${cmdline.slice(0, 160)}`);
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

/** Waits (bounded) until no process is left under `dir`; returns what is still there after `ms`. */
export async function settledUnder(dir: string, ms = 10_000): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = processesUnder(dir);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits (bounded) until a process has ended: gone from /proc, or a zombie nobody reaped yet. */
export async function ended(pid: number, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    let state = "gone";
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
    } catch {
      // Gone.
    }
    if (state === "gone" || state === "Z" || state === "X") return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
