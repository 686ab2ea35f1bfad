import { destinationProblem, isQStashQueryKey, withQuery } from "../../src/destination.ts";
import type { OpenApiDocument } from "../spec/build.ts";
import { deref } from "../spec/operations-module.ts";
import { findDestinationRoute, findRoute } from "./find-route.ts";

/**
 * The mock's side of raw destinations (src/destination.ts). The client sends
 * `/v2/publish/https://a.com/x?y=1` as QStash takes it; Prism, like any OpenAPI router, matches
 * `{destination}` against one segment only. So the suites fold the raw tail into one percent-encoded
 * segment before Prism sees it: `/v2/publish/https%3A%2F%2Fa.com%2Fx%3Fy%3D1`. The destination's query is
 * the request's query less QStash's own keys and the operation's declared query parameters, which stay.
 * The tail is encoded as it was on the wire, not decoded first, so Prism reads the very text QStash would.
 * A URL that an operation's template fits as it is, or that reaches no destination operation, comes back unchanged.
 */
export function foldDestination(description: OpenApiDocument, method: string, url: URL): URL {
  // A path an operation's template fits as it is (`/v2/schedules/{id}/pause`) is that operation, not a destination.
  if (findRoute(description, method, url.pathname).operation) return url;
  const route = findDestinationRoute(description, method, url.pathname);
  if (!route) return url;
  const templateLength = route.key.split(" ")[1].split("/").length;
  const segments = url.pathname.split("/");
  const declared = declaredQuery(description, route.operation);
  const pairs = url.search.slice(1).split("&").filter(Boolean);
  const stays = (pair: string) => {
    const key = new URLSearchParams(pair).keys().next().value ?? "";
    return isQStashQueryKey(key) || declared.has(key);
  };
  const own = pairs.filter((pair) => !stays(pair));
  const destination = segments.slice(templateLength - 1).join("/") + (own.length ? `?${own.join("&")}` : "");
  const folded = new URL(url);
  folded.pathname = [...segments.slice(0, templateLength - 1), encodeURIComponent(destination)].join("/");
  folded.search = pairs.filter(stays).join("&");
  return folded;
}

/** The client's `fetch` option for a mock: every request's destination folded (see foldDestination). */
export function foldingFetch(
  description: OpenApiDocument,
  inner: (request: Request) => Promise<Response> = fetch,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const folded = foldDestination(description, request.method, url);
    if (folded === url) return inner(request);
    const body = request.body ? await request.arrayBuffer() : undefined;
    return inner(
      new Request(folded, { method: request.method, headers: request.headers, body, redirect: request.redirect }),
    );
  };
}

function declaredQuery(description: OpenApiDocument, operation: Record<string, unknown> | undefined): Set<string> {
  const parameters = ((operation?.parameters ?? []) as unknown[]).map((p) => deref(description, p));
  return new Set(parameters.filter((p) => p?.in === "query").map((p) => p.name as string));
}

/**
 * The inverse, for live runs: the suites send a destination folded (the form Prism routes), but the
 * real service gets it raw, as the client sends it. `/v2/publish/https%3A%2F%2Fa.com%2Fx%3Fy%3D1?qstash_token=…`
 * becomes `/v2/publish/https://a.com/x?y=1&qstash_token=…`. A destination the client would refuse
 * (src/destination.ts) and every other URL come back unchanged.
 */
export function unfoldDestination(description: OpenApiDocument, method: string, url: URL): URL {
  const route = findRoute(description, method, url.pathname);
  const param = route.operation?.["x-qstash-destination"];
  const template = route.key.split(" ")[1].split("/");
  if (typeof param !== "string" || template.at(-1) !== `{${param}}`) return url;
  const segments = url.pathname.split("/");
  let destination: string;
  try {
    destination = decodeURIComponent(segments.at(-1)!);
  } catch {
    return url;
  }
  if (destinationProblem(destination) !== undefined) return url;
  const raw = `${url.origin}${segments.slice(0, -1).join("/")}/${destination}`;
  return new URL(withQuery(raw, url.search.slice(1)));
}
