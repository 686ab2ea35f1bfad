import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { onInterrupt } from "./interrupts.ts";

const GUARD = fileURLToPath(new URL("./child-guard.cjs", import.meta.url));
const GRACE_MS = 3000;

export interface GuardedChild {
  child: ChildProcess;
  /** Resolves with the exit code once the command has ended. */
  exited: Promise<number>;
  /** Ends the command's whole process group: SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
}

/**
 * Starts a command in a process group of its own, under lib/child-guard.cjs, so that it and every
 * process it starts end together: when stop() is called, when this process is interrupted (an
 * onInterrupt clean-up), and when this process dies without a word (the guard notices within half
 * a second). Output is piped to the caller.
 */
export function spawnGuarded(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): GuardedChild {
  const child = spawn(process.execPath, [GUARD, String(process.pid), command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number>((resolve) => child.once("close", (code) => resolve(code ?? 1)));
  let forget = () => {};
  const stop = async () => {
    forget();
    if (child.exitCode !== null || child.signalCode !== null) return signalGroup(child, "SIGKILL");
    signalGroup(child, "SIGTERM");
    const timer = setTimeout(() => signalGroup(child, "SIGKILL"), GRACE_MS);
    await exited;
    clearTimeout(timer);
    // Whatever of the group outlived the guard, and then until the group is really gone (bounded).
    signalGroup(child, "SIGKILL");
    for (let waited = 0; groupAlive(child) && waited < GRACE_MS; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
  };
  forget = onInterrupt(stop);
  void exited.then(() => forget());
  return { child, exited, stop };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is gone already.
  }
}

function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}
