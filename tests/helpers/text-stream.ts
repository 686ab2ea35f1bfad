import { PassThrough } from "node:stream";

/**
 * A writable stream for code that prints progress, and the text written to it so far; `terminal`
 * makes it look like one (isTTY, 80 columns), so that lib/progress.ts draws its live line on it.
 */
export function textCollector(terminal = false): { out: PassThrough; text: () => string } {
  const out = Object.assign(new PassThrough(), terminal ? { isTTY: true, columns: 80 } : {});
  let text = "";
  out.on("data", (chunk) => (text += chunk));
  return { out, text: () => text };
}
