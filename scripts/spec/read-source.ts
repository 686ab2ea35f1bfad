import { closeSync, openSync, readSync, statSync } from "node:fs";
import { SpecError } from "./spec-error.ts";

/**
 * Reads an input description, file or http(s) address, within limits: at most MAX_INPUT_BYTES
 * (the published files are about 0.12 MB; a larger input is refused before it is parsed, since
 * parsing with positions takes some forty times the text's size in memory), valid UTF-8 (a bad
 * byte is refused with its offset, never replaced), an address read as a stream that is cut at
 * the limit and bounded in time, and credentials in an address never shown.
 */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;
export const FETCH_TIMEOUT_MS = 30_000;

export const isUrl = (source: string): boolean => /^https?:\/\//i.test(source);

/** An address as it may be shown: `user:password@` becomes `[credentials]@`. */
export function shownUrl(url: string): string {
  return url.replace(/^(https?:\/\/)[^/?#@]*@/i, "$1[credentials]@");
}

const limitText = () => `${MAX_INPUT_BYTES / 1024 / 1024} MiB`;

/** A file's text, refused when larger than the limit or not UTF-8. `shown` names it in errors. */
export function readTextFile(file: string, shown = file): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw new SpecError(
      shown,
      "",
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`,
      "check the path",
    );
  }
  if (size > MAX_INPUT_BYTES) throw tooLarge(shown, `${size} bytes`);
  const fd = openSync(file, "r");
  try {
    const bytes = Buffer.alloc(Math.min(size, MAX_INPUT_BYTES) + 1);
    let length = 0;
    for (let read = 1; read > 0 && length < bytes.length; length += read)
      read = readSync(fd, bytes, length, bytes.length - length, null);
    // The file grew while it was read: same limit.
    if (length > MAX_INPUT_BYTES) throw tooLarge(shown, "more than that");
    return decodeUtf8(bytes.subarray(0, length), shown);
  } finally {
    closeSync(fd);
  }
}

/** The body of an http(s) address, read as a stream, cut off at the limit and after FETCH_TIMEOUT_MS. */
export async function readUrl(url: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const shown = shownUrl(url);
  const { address, headers } = withoutCredentials(url);
  const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetchImpl(address, { signal, headers });
  } catch (error) {
    throw new SpecError(shown, "", `could not be fetched (${reason(error, url)})`, "check the address and the network");
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new SpecError(shown, "", `could not be fetched (HTTP ${response.status})`, "check the address");
  }
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > MAX_INPUT_BYTES) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge(shown, `${declared} bytes announced`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  try {
    for (;;) {
      const { done, value } = reader ? await reader.read() : { done: true, value: undefined };
      if (done || !value) break;
      total += value.byteLength;
      if (total > MAX_INPUT_BYTES) throw tooLarge(shown, "more than that, still sending");
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof SpecError) throw error;
    const why = signal.aborted ? `no complete answer within ${FETCH_TIMEOUT_MS / 1000} s` : reason(error, url);
    throw new SpecError(shown, "", `could not be read (${why})`, "check the address and the network");
  } finally {
    await reader?.cancel().catch(() => {});
  }
  return decodeUtf8(Buffer.concat(chunks), shown);
}

function tooLarge(shown: string, size: string): SpecError {
  return new SpecError(
    shown,
    "",
    `is larger than the ${limitText()} an input may have (${size})`,
    "pass the published description itself, not an archive or a bundle",
  );
}

/** Node's fetch refuses addresses with credentials: they travel as a Basic authorization header instead. */
function withoutCredentials(url: string): { address: string; headers: Record<string, string> } {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { address: url, headers: {} };
  const basic = Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString(
    "base64",
  );
  parsed.username = "";
  parsed.password = "";
  return { address: parsed.href, headers: { authorization: `Basic ${basic}` } };
}

/** An error's message with the address (and so its credentials) taken out. */
function reason(error: unknown, url: string): string {
  const message =
    (error as Error)?.cause instanceof Error
      ? `${(error as Error).message}: ${((error as Error).cause as Error).message}`
      : String((error as Error)?.message ?? error);
  return message
    .split(url)
    .join(shownUrl(url))
    .replace(/\/\/[^/?#@\s]*@/g, "//[credentials]@");
}

/** Strict UTF-8: the offset of the first byte that is not part of a valid sequence is named. */
export function decodeUtf8(bytes: Uint8Array, shown: string): string {
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const hex = bytes[bad].toString(16).padStart(2, "0");
    throw new SpecError(
      shown,
      `byte ${bad}`,
      `is not UTF-8 (byte 0x${hex} at offset ${bad} starts no valid character)`,
      "save the file as UTF-8",
    );
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

/** -1 when the bytes are valid UTF-8 (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [length, min, max] = [3, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf];
    else if (b >= 0xf0 && b <= 0xf4) [length, min, max] = [4, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf];
    else return i;
    if (i + length > bytes.length || bytes[i + 1] < min || bytes[i + 1] > max) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}
