import { isRawBody } from "./body.ts";
import { withQuery } from "./destination.ts";
import { fillPath } from "./guards.ts";
import { mayHoldToken, redact, redactValue, withoutToken } from "./redact.ts";

/** What a call puts on the wire, before auth: openapi-fetch's conventions, without its Request object. */
export interface WireRequest {
  url: string;
  init: RequestInit & { duplex?: "half"; headers: Record<string, string> };
  /** A ReadableStream body can be sent only once. */
  once: boolean;
}

type HeaderSource = Headers | Record<string, unknown> | [string, string][] | undefined | null;

/**
 * The URL, headers and body of one call, following openapi-fetch's rules: path parameters are
 * one percent-encoded segment each (a destination goes raw, destination.ts), lists in the query repeat their name (`label=a&label=b`,
 * the form QStash reads), later header sources win and `null` removes a header, plain objects
 * and arrays are JSON while text, bytes, Blobs and streams go out as they are (body.ts). Every
 * parameter value is read once: what the guards judge is what goes out (fillPath, client.ts).
 * `destination` names the path parameter that carries a destination (see guards.ts).
 * Building a plain RequestInit rather than a Request saves a second Request per call inside fetch;
 * tests/src/url-parity.test.ts pins the URLs to openapi-fetch's own serializers.
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
  const query = params?.query;
  // Stryker disable next-line StringLiteral: fillPath returns a template without parameters unchanged; the test only saves the call.
  let url = baseUrl + (path.includes("{") ? fillPath(path, params?.path, destination) : path);
  let search = "";
  for (const name in query) {
    for (const value of ([] as unknown[]).concat(query[name])) {
      if (value !== undefined && value !== null)
        search += `&${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
    }
  }
  search += extraQuery;
  // A raw destination may bring its own query (destination.ts): QStash's parameters join it.
  url = withQuery(url, search.slice(1));

  const headers: Record<string, string> = {};
  for (const source of [...headerSources, params?.header as HeaderSource]) mergeInto(headers, source);
  const raw = isRawBody(body);
  const init: WireRequest["init"] = { method, headers };
  if (body !== undefined) {
    if (raw) init.body = body as BodyInit;
    else {
      init.body = JSON.stringify(body);
      headers["content-type"] ??= "application/json";
    }
  }
  const once = body instanceof ReadableStream;
  if (once) init.duplex = "half";
  return { url, init, once };
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
 * own message would show the body's first characters.
 */
export async function readResult(
  response: Response,
  method: string,
  token: string,
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
  const text = await response.text();
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
