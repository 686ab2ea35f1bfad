import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** What a command left: its exit code and what it printed. */
export interface CommandRun {
  status: number;
  stdout: string;
  stderr: string;
}

let runs = 0;
let running = false;

/**
 * Runs a command of the project (`scripts/diff.ts`, …) in this process, as `node scripts/x.ts args`
 * would: process.argv, the working directory and the given environment variables set for the run,
 * stdout and stderr kept, the exit code read from process.exitCode (runCommand sets it; nothing in
 * the commands calls process.exit outside a signal handler). The module is evaluated afresh each
 * time; what it imports is loaded once per test worker, which is what makes this cheap next to a
 * child process (a second or more each to start tsx and load the imports).
 *
 * One run at a time: the runs share the process's argv, cwd, env and output streams, so tests that
 * use this must not run concurrently with each other.
 */
export async function runInProcess(
  script: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CommandRun> {
  if (running) throw new Error("runInProcess: another command is running in this process; run such tests one by one");
  running = true;
  const file = resolve(script);
  const saved = {
    argv: process.argv,
    exitCode: process.exitCode,
    cwd: process.cwd(),
    out: process.stdout.write,
    err: process.stderr.write,
    env: Object.fromEntries(Object.keys(options.env ?? {}).map((name) => [name, process.env[name]])),
  };
  let stdout = "";
  let stderr = "";
  const keep = (add: (text: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      add(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
      const done = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
  try {
    setEnv(options.env ?? {});
    process.argv = [process.execPath, file, ...args];
    process.exitCode = undefined;
    if (options.cwd) process.chdir(options.cwd);
    process.stdout.write = keep((text) => (stdout += text));
    process.stderr.write = keep((text) => (stderr += text));
    await import(`${pathToFileURL(file).href}?run=${++runs}`);
    return { status: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.chdir(saved.cwd);
    process.argv = saved.argv;
    process.exitCode = saved.exitCode;
    setEnv(saved.env);
    running = false;
  }
}

function setEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
