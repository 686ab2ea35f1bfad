/**
 * What a command does when it is told to stop (Ctrl-C, SIGTERM from CI, SIGHUP when the terminal
 * goes): it runs the clean-ups the work in progress registered, newest first (stop child process
 * groups, put files back, remove scratch files), then exits 128 + the signal's number (130 for
 * SIGINT, 143 for SIGTERM). Library code only registers clean-ups; a command's entry point calls
 * exitCleanlyOnSignals(), so that tests running the same code in-process keep their own handling.
 * A second signal during the clean-up exits at once; a journal (lib/transaction.ts) covers that.
 */
export type Cleanup = () => void | Promise<void>;

const CLEANUP_BOUND_MS = 10_000;
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

const cleanups = new Set<Cleanup>();
let installed = false;
let stopping = false;

/** Registers a clean-up for an interruption; call the returned function once the work is done. */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

export function exitCleanlyOnSignals(out: NodeJS.WritableStream = process.stderr): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of Object.entries(SIGNALS)) {
    process.on(signal, () => {
      if (stopping) process.exit(code);
      stopping = true;
      out.write(`\n${signal}: stopping; putting back what this run changed\n`);
      void runCleanups(out).finally(() => process.exit(code));
    });
  }
}

/** Runs every registered clean-up, newest first, each bounded in time; a failing one does not stop the others. */
export async function runCleanups(out: NodeJS.WritableStream = process.stderr): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLEANUP_BOUND_MS)));
    try {
      await Promise.race([Promise.resolve().then(cleanup), bound]);
    } catch (error) {
      out.write(`  clean-up failed: ${(error as Error).message.split("\n")[0]}\n`);
    } finally {
      clearTimeout(timer);
    }
  }
}
