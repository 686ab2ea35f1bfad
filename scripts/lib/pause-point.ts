/**
 * Named points where a run can be held for a test that kills it there: with
 * QSTASH_PAUSE_AT=<name>, reaching the point prints `paused at <name> (pid N)` to stderr and
 * blocks the process (its signal handlers cannot run either), so that a SIGKILL lands exactly
 * between two steps that are otherwise microseconds apart. Without the variable it does nothing.
 */
export function pauseHere(name: string): void {
  if (process.env.QSTASH_PAUSE_AT !== name) return;
  process.stderr.write(`paused at ${name} (pid ${process.pid})\n`);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  // Bounded, like every wait: a test that forgets the process does not leave it forever.
  for (let waited = 0; waited < 120; waited++) Atomics.wait(cell, 0, 0, 1000);
}
