import { withoutToken } from "../../src/redact.ts";

/**
 * Removes a token from any text bound for a report or a log, whatever form it travels in: the
 * token's forms are the client's (src/redact.ts: raw, percent-encoded, JSON-escaped, mixed), and
 * any `qstash_token=` value or Bearer credential goes too.
 */
export function redact(text: string, token: string): string {
  let out = withoutToken(text, token, "[token]");
  out = out.replace(/(qstash_token=)[^&\s"']+/gi, "$1[token]");
  // "a bearer token" is prose, not a credential.
  out = out.replace(/(Bearer\s+)(?!\[token\]|tokens?(?:[\s.,;:)]|$))[^\s"',;]+/gi, "$1[token]");
  return out;
}
