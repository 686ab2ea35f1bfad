import { PassThrough } from "node:stream";

/** A writable stream for code that prints progress, and the text written to it so far. */
export function textCollector() {
  const out = new PassThrough();
  let text = "";
  out.on("data", (chunk) => (text += chunk));
  return { out, text: () => text };
}
