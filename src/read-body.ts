import type { Deadline } from "./timeout.ts";

/**
 * The most bytes one answer may have when the caller sets no `maxResponseBytes`: 128 MiB. QStash caps a
 * message at 1 MB unless the account asks for more (docs: qstash/overall/getstarted.mdx) and a list page
 * at 100 items (the spec's `count` maximum), so its largest page is about 100 MB, base64 included; its
 * changelog names 100 MB as the largest answer of a batch call (qstash/overall/changelog.mdx). 128 MiB is
 * above both, so no answer QStash documents is refused, and one answer can never cost more than 128 MiB
 * of bytes (about twice that as the decoded string).
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 128 * 1024 * 1024;

/** An answer larger than the limit: the read stopped there (transport-error.ts names it `too-large`). */
export class BodyTooLarge extends RangeError {
  override name = "BodyTooLarge";
  constructor(readonly limit: number) {
    super(`the answer is larger than maxResponseBytes (${limit} bytes)`);
  }
}

const decoder = new TextDecoder();

/**
 * A response body as text (UTF-8, as Response.text() reads it), read chunk by chunk with a byte count.
 * Past `maxBytes`, or with a Content-Length past it, the body is cancelled, which closes the connection,
 * and BodyTooLarge is thrown. When the call's deadline passes, the read is cancelled too: under the
 * default timeout fetch follows no signal (client.ts), so nothing else would stop a body that never ends.
 */
export async function readText(response: Response, maxBytes: number, deadline?: Deadline): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? 0);
  const body = response.body;
  if (declared > maxBytes && !response.headers.has("transfer-encoding")) {
    await body?.cancel();
    throw new BodyTooLarge(maxBytes);
  }
  if (!body) return "";
  const reader = body.getReader();
  let stopped: unknown;
  deadline?.onStop((reason) => {
    stopped = reason;
    reader.cancel(reason).catch(() => {});
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      // A cancel ends a pending read as if the body were complete: what was read is not the answer.
      if (stopped !== undefined) throw stopped;
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new BodyTooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    deadline?.onStop(undefined);
  }
  return decoder.decode(chunks.length === 1 ? chunks[0] : joined(chunks, size));
}

function joined(chunks: Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}
