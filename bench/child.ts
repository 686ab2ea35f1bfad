import { spawnGuarded } from "../scripts/lib/guarded-spawn.ts";
import { ROOT } from "./results.ts";

export interface ChildRun {
  /** From spawn to exit, the guard's start included (tens of ms, the same in every run). */
  ms: number;
  code: number;
  stdout: string;
  /** The last few KB of stderr, to say why a run failed. */
  stderrTail: string;
}

/**
 * Runs a command to its end and times it. It runs in a process group of its own under
 * lib/guarded-spawn.ts, so that an interrupted or killed bench leaves no child behind.
 */
export async function timedRun(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildRun> {
  const started = performance.now();
  const run = spawnGuarded(command, args, { cwd: options.cwd ?? ROOT, env: options.env });
  let stdout = "";
  let stderrTail = "";
  run.child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk));
  run.child.stderr!.on("data", (chunk: Buffer) => (stderrTail = (stderrTail + chunk).slice(-4000)));
  try {
    const code = await run.exited;
    return { ms: performance.now() - started, code, stdout, stderrTail };
  } finally {
    await run.stop();
  }
}

/** A run that failed makes every figure of its measure meaningless: say which and why, in a few lines. */
export function failedRun(what: string, run: ChildRun): Error {
  const tail = run.stderrTail.trim().split("\n").slice(-12).join("\n");
  return new Error(`${what} exited with ${run.code}; its timing would mean nothing${tail ? `:\n${tail}` : ""}`);
}
