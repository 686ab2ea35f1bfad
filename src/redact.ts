const MASK = "[redacted]";
let lastToken: string | undefined;
let lastForms: TokenForms;

/** The patterns a token is looked for with, built once per token (tokenForms). */
interface TokenForms {
  /** Every form, character by character (mixes included), and the base64 runs. */
  pattern: RegExp;
  /** Forms with no escape character in them: a text holding none of these or of `%`, `\`, `&` cannot hold the token. */
  literals: string[];
}

/**
 * The token in every form a server, a proxy or a framework plausibly writes it back in, looked for
 * character by character so that a mix of forms is caught too:
 * - raw, or with the backslashes JSON puts before `/`, `"` or `\` (escaped once, or again in JSON text
 *   that holds JSON); a run of backslashes just before the token goes too, so that masking never leaves
 *   an escape dangling in JSON text;
 * - percent-encoded once, twice or three times (`%2B`, `%252B`, `%25252B`: a proxy that encodes again),
 *   each UTF-8 byte of a character in turn;
 * - a JSON `\u` escape (or `\\u`, in JSON text that holds JSON);
 * - an HTML character reference, decimal or hex (leading zeros, either case, `;` or not), or the named
 *   one of an ASCII punctuation mark (`&plus;`, `&sol;`, `&equals;`…);
 * - a `+` read as a space by a form decoder (` `, `%20`), which a token in base64 holds often;
 * - base64 or base64url of any text holding the token, at any of the three byte offsets it may start at
 *   (an echo service or a serverless gateway hands bodies back base64-encoded, `Bearer <token>` included);
 *   the run of characters that only the token's bytes decide is masked.
 * Hex digits in either case ("i"; a token that differs from ours only in case is masked as well, which costs nothing).
 */
function tokenForms(token: string): TokenForms {
  // Stryker disable next-line ConditionalExpression: always building gives the same forms; the cache only saves time
  if (token !== lastToken) {
    lastToken = token;
    const runs = base64Runs(token);
    const chars = `\\\\*${[...token].map(charForms).join("")}`;
    lastForms = {
      pattern: new RegExp([chars, ...runs.map(escaped)].join("|"), "gi"),
      literals: [token, token.replace(/\+/g, " "), ...runs],
    };
  }
  return lastForms;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const hexOf = (code: number) => code.toString(16);

/**
 * Named HTML references of what a token holds besides letters and digits (base64, base64url, JWT), and
 * of the five characters every HTML escaper names; the rest come back as numeric references.
 */
const NAMED: Record<string, string> = {
  "+": "plus",
  "/": "sol",
  "=": "equals",
  _: "lowbar",
  ".": "period",
  "&": "amp",
  '"': "quot",
  "'": "apos",
  "<": "lt",
  ">": "gt",
};

function charForms(char: string): string {
  const code = char.codePointAt(0)!;
  const bytes = [...new TextEncoder().encode(char)];
  const percent = bytes.map((byte) => `%(?:25){0,2}${hexOf(byte).padStart(2, "0")}`).join("");
  const forms = [
    `${/["\\/]/.test(char) ? "\\\\*" : ""}${escaped(char)}`,
    percent,
    `\\\\+u${hexOf(code).padStart(4, "0")}`,
    `&#0*${code};?`,
    `&#x0*${hexOf(code)};?`,
  ];
  if (Object.hasOwn(NAMED, char)) forms.push(`&${NAMED[char]};`);
  if (char === "+") forms.push(" ", "%(?:25){0,2}20");
  if (char === " ") forms.push("\\+");
  return `(?:${forms.join("|")})`;
}

/**
 * The base64 and base64url runs of the token's bytes at each of the three offsets (from its first,
 * second and third byte, whole groups of three only): what any base64 text holding the token contains,
 * whatever comes before it. Runs shorter than 8 characters are left out (too short to be the token's).
 */
function base64Runs(token: string): string[] {
  const bytes = new TextEncoder().encode(token);
  const runs: string[] = [];
  for (let start = 0; start < 3; start++) {
    const end = start + Math.floor((bytes.length - start) / 3) * 3;
    if (end - start < 6) continue;
    let binary = "";
    for (const byte of bytes.subarray(start, end)) binary += String.fromCharCode(byte);
    const run = btoa(binary);
    runs.push(run, run.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...new Set(runs)];
}

/** The token's forms masked, and nothing else: for data the caller asked for (see redact for the rest). */
export function withoutToken(text: string, token: string | undefined, mask = MASK): string {
  return token ? text.replace(tokenForms(token).pattern, mask) : text;
}

/**
 * Cheap first look at a success body: only when this holds is the parsed value searched. A form with
 * an escape has a `%`, `\` or `&` in it; every other form is one of the literals.
 */
export function mayHoldToken(text: string, token: string): boolean {
  const forms = tokenForms(token);
  return (
    forms.literals.some((literal) => text.includes(literal)) ||
    (/[%\\&]/.test(text) && text.search(forms.pattern) !== -1)
  );
}

/**
 * Removes a token from text: the token wherever it appears, in any of its forms (tokenForms), and
 * the value of any `qstash_token=` query parameter or `Bearer` credential, so that a token this
 * client never saw (one in a caller's own URL) does not leak through it either. The one redactor of
 * the project, with its one mask: the client's errors and logs, the live gate, the reports. Prose is
 * not a credential: "a bearer token" and "Bearer tokens" stay as they are. A credential's value stops
 * at a backslash unless it escapes a `/`, so that masking JSON text leaves it JSON.
 */
export function redact(text: string, token: string | undefined): string {
  return withoutToken(text, token)
    .replace(/(qstash_token(?:=|%(?:25){0,2}3D))[^&#\s"'\\]+/gi, `$1${MASK}`)
    .replace(
      /(Bearer(?:\s|%(?:25){0,2}20|\+)+)(?!\[redacted\]|tokens?(?:[\s.,;:)]|$))(?:[^\s"',\\]|\\\/)+/gi,
      `$1${MASK}`,
    );
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
