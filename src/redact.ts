const MASK = "[redacted]";
let lastToken: string | undefined;
let lastPattern: RegExp;

/**
 * The token in every form a server can echo it in, character by character so that a mix of forms is
 * caught too: raw or backslash-escaped (JSON's `\/`), percent-encoded, or a JSON `\u` escape. Hex digits
 * in either case ("i"; a token that differs from ours only in case is masked as well, which costs nothing).
 */
function tokenPattern(token: string): RegExp {
  // Stryker disable next-line ConditionalExpression: always compiling gives the same pattern; the cache only saves time
  if (token !== lastToken) {
    lastToken = token;
    lastPattern = new RegExp([...token].map(charForms).join(""), "gi");
  }
  return lastPattern;
}

const charForms = (char: string) => {
  const hex = char.charCodeAt(0).toString(16);
  return `(?:\\\\?${char.replace(/\W/g, "\\$&")}|%${hex.padStart(2, "0")}|\\\\u${hex.padStart(4, "0")})`;
};

/** The token's forms masked, and nothing else: for data the caller asked for (see redact for the rest). */
export function withoutToken(text: string, token: string | undefined, mask = MASK): string {
  return token ? text.replace(tokenPattern(token), mask) : text;
}

/** Cheap first look at a success body: only when this holds is the parsed value searched. */
export function mayHoldToken(text: string, token: string): boolean {
  return (
    text.includes(token) || ((text.includes("%") || text.includes("\\")) && text.search(tokenPattern(token)) !== -1)
  );
}

/**
 * Removes a token from text: the token wherever it appears, in any of its forms (tokenPattern), and
 * the value of any `qstash_token=` query parameter or `Bearer` credential, so that a token this
 * client never saw (one in a caller's own URL) does not leak through it either.
 */
export function redact(text: string, token: string | undefined): string {
  return withoutToken(text, token)
    .replace(/(qstash_token(?:=|%3D))[^&#\s"']+/gi, `$1${MASK}`)
    .replace(/(Bearer(?:\s|%20|\+)+)[^\s"',]+/gi, `$1${MASK}`);
}

/**
 * A parsed JSON value with `clean` applied to every string in it, keys included. Deeper than any
 * answer QStash gives (100 levels), a branch is masked whole rather than searched.
 */
export function redactValue(value: unknown, clean: (text: string) => string, depth = 0): unknown {
  if (typeof value === "string") return clean(value);
  if (!value || typeof value !== "object") return value;
  if (depth > 100) return MASK;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, clean, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [clean(key), redactValue(item, clean, depth + 1)]),
  );
}

/**
 * The Response a caller gets: the one fetch returned, unless the token shows in its status text,
 * a header (an echoed Authorization, a Location) or its URL (always, with query auth); then a copy
 * with those masked and no body (the body has been read into `data` or `error` already).
 */
export function shownResponse(response: Response, token: string, hideUrl: boolean): Response {
  const headers = [...response.headers];
  const clean = (text: string) => redact(text, token);
  const leaks = (text: string) => clean(text) !== text;
  if (
    !hideUrl &&
    !leaks(response.url) &&
    !leaks(response.statusText) &&
    !headers.some(([n, v]) => leaks(n) || leaks(v))
  ) {
    return response;
  }
  return new Response(null, {
    status: response.status,
    statusText: clean(response.statusText),
    headers: headers.filter(([name]) => !leaks(name)).map(([name, value]): [string, string] => [name, clean(value)]),
  });
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
