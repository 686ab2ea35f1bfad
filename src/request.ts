import { isRawBody } from "./body.ts";
import { withQuery } from "./destination.ts";
import { fillPath } from "./guards.ts";
import { ownFields } from "./own.ts";
import { DEFAULT_MAX_RESPONSE_BYTES, readText } from "./read-body.ts";
import { mayHoldToken, redact, redactValue, withoutToken } from "./redact.ts";
import type { Deadline } from "./timeout.ts";

/** What a call puts on the wire, before auth: openapi-fetch's conventions, without its Request object. */
export interface WireRequest {
  url: string;
  init: RequestInit & { duplex?: "half"; headers: Record<string, string> };
  /** A ReadableStream body can be sent only once. */
  once: boolean;
}

/**
 * The RequestInit of every call: each member of the Fetch standard's RequestInit set as its own, on a
 * prototype chain that ends at null, so that neither fetch nor Request reads a member from a polluted
 * Object.prototype (`Object.prototype.body`, `.signal`, `.window` all change what Node's fetch does).
 * The defaults are fetch's own, but for two choices: `redirect: "manual"`, because a redirect is handed
 * back as the answer and never followed (a call goes only to the URL its guards judged, and a followed
 * `DELETE /v2/dlq/abc` → `307 /v2/dlq` would be the bulk delete); and no referrer, which an API call
 * has no use for. `duplex: "half"` is what a stream body needs and harmless for any other.
 */
class WireInit {
  method: string;
  headers: Record<string, string>;
  body: BodyInit | null = null;
  signal: AbortSignal | null = null;
  redirect = "manual" as const;
  referrer = "";
  referrerPolicy = "" as const;
  mode = "cors" as const;
  credentials = "same-origin" as const;
  cache = "default" as const;
  integrity = "";
  keepalive = false;
  window = null;
  duplex = "half" as const;
  constructor(method: string, headers: Record<string, string>) {
    this.method = method;
    this.headers = headers;
  }
}
Object.setPrototypeOf(WireInit.prototype, null);

type HeaderSource = Headers | Record<string, unknown> | [string, string][] | undefined | null;

/**
 * The URL, headers and body of one call, following openapi-fetch's rules: path parameters are
 * one percent-encoded segment each (a destination goes raw, destination.ts), lists in the query repeat their name (`label=a&label=b`,
 * the form QStash reads), later header sources win and `null` removes a header, plain objects
 * and arrays are JSON while text, bytes, Blobs and streams go out as they are (body.ts). Every
 * parameter value is read once: what the guards judge is what goes out (fillPath, client.ts).
 * `destination` names the path parameter that carries a destination (see guards.ts).
 * Building a plain RequestInit rather than a Request saves a second Request per call inside fetch;
 * tests/src/url-parity.test.ts pins the URLs to openapi-fetch's own serializers. Params and each of
 * their parts are read as own properties only (own.ts).
 */
export function buildRequest(
  method: string,
  baseUrl: string,
  path: string,
  params:
    | { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> }
    | undefined,
  headerSources: HeaderSource[],
  body: unknown,
  extraQuery: string,
  destination?: string,
): WireRequest {
  const parts = ownFields(params);
  const query = ownFields(parts.query);
  // Stryker disable next-line StringLiteral: fillPath returns a template without parameters unchanged; the test only saves the call.
  let url = baseUrl + (path.includes("{") ? fillPath(path, ownFields(parts.path), destination) : path);
  let search = "";
  for (const name of Object.keys(query)) {
    for (const value of ([] as unknown[]).concat(query[name])) {
      if (value !== undefined && value !== null)
        search += `&${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
    }
  }
  search += extraQuery;
  // A raw destination may bring its own query (destination.ts): QStash's parameters join it.
  url = withQuery(url, search.slice(1));

  // No prototype: a header named "__proto__" is a header, and an absent one reads as undefined (retry.ts).
  const headers: Record<string, string> = Object.create(null);
  for (const source of [...headerSources, parts.header as HeaderSource]) mergeInto(headers, source);
  const init = new WireInit(method, headers) as WireRequest["init"];
  if (body !== undefined) {
    if (isRawBody(body)) init.body = body as BodyInit;
    else {
      init.body = JSON.stringify(body);
      headers["content-type"] ??= "application/json";
    }
  }
  return { url, init, once: body instanceof ReadableStream };
}

function mergeInto(target: Record<string, string>, source: HeaderSource): void {
  if (!source) return;
  const entries = source instanceof Headers || Array.isArray(source) ? source : Object.entries(source);
  for (const [name, value] of entries as Iterable<[string, unknown]>) {
    const key = name.toLowerCase();
    if (value === null) delete target[key];
    else if (value !== undefined) target[key] = Array.isArray(value) ? value.join(", ") : String(value);
  }
}

/**
 * openapi-fetch's result fields from a Response: no body (204, HEAD, Content-Length 0) gives
 * `data`/`error` undefined; a 2xx body is parsed as JSON (a SyntaxError if it is not); an error
 * body is JSON when it parses and text otherwise. The token never comes back: a server that echoes
 * it has it masked (redact.ts), and a body that is not JSON is not quoted in the SyntaxError, whose
 * own message would show the body's first characters. The body is read within `maxBytes` and stops
 * when the call's deadline passes (read-body.ts).
 */
export async function readResult(
  response: Response,
  method: string,
  token: string,
  maxBytes = DEFAULT_MAX_RESPONSE_BYTES,
  deadline?: Deadline,
): Promise<{ data?: unknown; error?: unknown }> {
  const length = response.headers.get("content-length");
  if (
    // Stryker disable next-line ConditionalExpression: fetch gives a 204 a null body, which reads as "" and so as no data.
    response.status === 204 ||
    method === "HEAD" ||
    // A Transfer-Encoding overrides Content-Length (RFC 9112, 6.3): the length is trusted only without one.
    (length === "0" && !response.headers.has("transfer-encoding"))
  ) {
    await response.body?.cancel();
    return response.ok ? { data: undefined } : { error: undefined };
  }
  const text = await readText(response, maxBytes, deadline);
  if (response.ok) {
    if (!text) return { data: undefined };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new SyntaxError("the response body is not JSON");
    }
    return { data: mayHoldToken(text, token) ? redactValue(data, (s) => withoutToken(s, token)) : data };
  }
  let error: unknown = text;
  try {
    error = JSON.parse(text);
  } catch {
    // Not JSON: the text itself.
  }
  return { error: redactValue(error, (s) => redact(s, token)) };
}
