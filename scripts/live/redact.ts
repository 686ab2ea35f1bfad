/** Removes a token from any text bound for a report or a log, whatever form it travels in. */
export function redact(text: string, token: string): string {
  let out = token ? text.split(token).join("[token]") : text;
  out = out.replace(/(qstash_token=)[^&\s"']+/gi, "$1[token]");
  // "a bearer token" is prose, not a credential.
  out = out.replace(/(Bearer\s+)(?!\[token\]|tokens?(?:[\s.,;:)]|$))[^\s"',;]+/gi, "$1[token]");
  return out;
}
