const MASK = "[redacted]";

/**
 * Removes a token from text: the token itself wherever it appears (raw or URL-encoded), and
 * the value of any `qstash_token=` query parameter or `Bearer` credential, so that a token
 * this client never saw (one in a caller's own URL) does not leak through it either.
 */
export function redact(text: string, token: string | undefined): string {
  if (token) {
    text = text.split(token).join(MASK);
    const encoded = encodeURIComponent(token);
    if (encoded !== token) text = text.split(encoded).join(MASK);
  }
  return text.replace(/(qstash_token=)[^&#\s"']+/gi, `$1${MASK}`).replace(/(Bearer\s+)[^\s"',]+/gi, `$1${MASK}`);
}

/**
 * Redacts an error and its cause chain in place: message, stack and every own string property
 * (Node's URL errors, for one, keep the offending URL in an `input` property).
 */
export function scrub<T>(error: T, token: string | undefined, depth = 0): T {
  if (!error || typeof error !== "object" || depth > 4) return error;
  for (const key of Object.getOwnPropertyNames(error)) {
    const value = (error as any)[key];
    if (typeof value === "string") {
      const clean = redact(value, token);
      if (clean !== value) {
        try {
          Object.defineProperty(error, key, { value: clean });
        } catch {
          // A frozen foreign object: nothing we can do to it, and we never print it ourselves.
        }
      }
    } else if (key === "cause" || key === "errors") {
      for (const inner of Array.isArray(value) ? value : [value]) scrub(inner, token, depth + 1);
    }
  }
  return error;
}
