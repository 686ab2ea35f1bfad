/**
 * How a destination travels inside a QStash path: `/v2/publish/{destination}`,
 * `/v2/enqueue/{queueName}/{destination}`, `POST /v2/schedules/{…}` and `/v2/trigger/{workflowUrl}`.
 *
 * Decision: raw, appended to the path as it is, the form the official SDKs put on the wire (qstash-js,
 * qstash-py, qstash-go) and the docs' curl examples show: `/v2/publish/https://example.com/x?y=1`. QStash
 * takes the path's tail as the destination and the request's query as the destination's query, except the
 * keys it reads as its own: `qstash_token` and the lowercase `upstash-*` settings. The claim
 * `destination-raw-form` (spec/claims) holds the evidence.
 *
 * An OpenAPI router matches `{destination}` against one segment only, so the raw form does not route in
 * Prism: the contract suites fold it into one encoded segment on the mock's side
 * (scripts/contract/mock-destination.ts). What the client sends to QStash stays raw.
 *
 * Refused, because the raw form cannot carry them as written: a `#fragment` (fetch drops it), a "." or ".."
 * step (the URL parser resolves it against the QStash path), control characters (URL parsers drop them),
 * and query keys QStash would take as its own.
 */

/**
 * `url` with `query` (pairs joined by "&", no leading "?") appended: after "?" when the URL has no query
 * yet, after "&" when a raw destination brought one, and with nothing between after a bare "?" or "&".
 */
export function withQuery(url: string, query: string): string {
  if (!query) return url;
  return url + (!url.includes("?") ? "?" : /[?&]$/.test(url) ? "" : "&") + query;
}

/** True when the destination is an absolute URL rather than a URL group name. */
export function isUrlDestination(destination: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(destination);
}

/** Query keys QStash reads as its own in a publish URL (auth, and `Upstash-*` headers in lowercase). */
export function isQStashQueryKey(key: string): boolean {
  return /^(qstash_token$|upstash-)/i.test(key);
}

/** A path step URL parsers remove: ".", "..", or either with a dot percent-encoded. */
const DOT_STEP = /[/\\](\.|%2e){1,2}([/\\]|$)/i;
// C0 controls, DEL, and a space at either end: WHATWG parsers strip or drop them before sending.
const UNSENDABLE = /[\u0000-\u001f\u007f]|^ | $/;

/**
 * Why a destination cannot travel raw, or undefined when it can (the raw text is then sent unchanged).
 * A URL must be http(s) and parse; a URL group name is letters, digits, `-`, `.` and `_`.
 */
export function destinationProblem(destination: string): string | undefined {
  if (UNSENDABLE.test(destination))
    return "holds a control character or an outer space, which the URL parser drops; percent-encode it";
  if (!isUrlDestination(destination)) {
    if (!/^[A-Za-z0-9._-]+$/.test(destination) || /^\.\.?$/.test(destination))
      return `${JSON.stringify(destination)} is neither an http(s) URL nor a URL group name (letters, digits, "-", "." and "_")`;
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    return `${JSON.stringify(destination)} is not a valid URL`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `must use http:// or https://, got ${url.protocol}//`;
  if (destination.includes("#")) return "has a #fragment, which never leaves the client; remove it";
  // The path as written, before the URL parser resolves its steps (new URL has already removed them).
  if (DOT_STEP.test(destination.split("?")[0]))
    return `has a "." or ".." step, which the URL parser would resolve against the QStash path; write the path without it`;
  for (const key of url.searchParams.keys()) {
    if (isQStashQueryKey(key))
      return `has the query key ${JSON.stringify(key)}, which QStash reads as its own, not the destination's; send it as a header or rename it`;
  }
  return undefined;
}
