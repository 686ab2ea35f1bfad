import { spawnGuarded } from "../scripts/lib/guarded-spawn.ts";
import { ROOT } from "./results.ts";

export interface ChildRun {
  /** From spawn to exit, the guard's start included (tens of ms, the same in every run). */
  ms: number;
  code: number;
  stdout: string;
  /** The last few KB of stderr, to say why a run failed. */
  stderrTail: string;
  /** Lines of either stream that name a failure (a test runner's `FAIL …`), to say which part failed. */
  failLines: string[];
}

const ANSI = /\x1b\[[0-9;]*m/g;
/** How many failure lines a run keeps: enough to name what failed, bounded whatever the child prints. */
const MAX_FAIL_LINES = 40;

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
  const failLines = new Set<string>();
  const pending = { stdout: "", stderr: "" };
  const watch = (stream: keyof typeof pending, chunk: string) => {
    const lines = (pending[stream] + chunk).split("\n");
    pending[stream] = lines.pop() ?? "";
    for (const line of lines.map((l) => l.replace(ANSI, "").trim()))
      if (/^FAIL\s/.test(line) && failLines.size < MAX_FAIL_LINES) failLines.add(line);
  };
  run.child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk;
    watch("stdout", chunk.toString());
  });
  run.child.stderr!.on("data", (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
    watch("stderr", chunk.toString());
  });
  try {
    const code = await run.exited;
    return { ms: performance.now() - started, code, stdout, stderrTail, failLines: [...failLines] };
  } finally {
    await run.stop();
  }
}

/** A run that failed makes every figure of its measure meaningless: say which and why, in a few lines. */
export function failedRun(what: string, run: ChildRun): Error {
  const tail = run.stderrTail.trim().split("\n").slice(-12);
  const said = [...run.failLines, ...(run.failLines.length ? ["…"] : []), ...tail].join("\n");
  return new Error(`${what} exited with ${run.code}; its timing would mean nothing${said ? `:\n${said}` : ""}`);
}
