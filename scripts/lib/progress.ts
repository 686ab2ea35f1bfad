import { performance } from "node:perf_hooks";

/** Prints `✔ [3/7] name (12ms)` per step, or `✖ …` and rethrows. Writes to stderr so stdout stays data. */
export function progress(total: number, out: NodeJS.WritableStream = process.stderr) {
  let index = 0;
  return async function step<T>(name: string, work: () => Promise<T> | T): Promise<T> {
    index += 1;
    const started = performance.now();
    const label = `[${index}/${total}] ${name}`;
    try {
      const result = await work();
      out.write(`✔ ${label} (${Math.round(performance.now() - started)}ms)\n`);
      return result;
    } catch (error) {
      out.write(`✖ ${label} (${Math.round(performance.now() - started)}ms)\n`);
      throw error;
    }
  };
}
