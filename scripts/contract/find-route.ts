import type { OpenApiDocument } from "../spec/build.ts";

export interface FoundRoute {
  /** `GET /v2/dlq/{dlqId}`. */
  key: string;
  operation: Record<string, unknown> | undefined;
}

/** The operation a request targets: literal path segments win over templated ones. */
export function findRoute(description: OpenApiDocument, method: string, pathname: string): FoundRoute {
  const best = fittingPaths(description, method, pathname, false).sort((a, b) => b.score - a.score)[0];
  if (!best) return { key: `${method.toUpperCase()} ${pathname} (not in the spec)`, operation: undefined };
  return routeOf(description, method, best.path);
}

/**
 * Every operation a path could reach on a server that compares literal segments without regard
 * to case, whichever it prefers when several fit (the live gate must weigh them all).
 */
export function routesFitting(description: OpenApiDocument, method: string, pathname: string): FoundRoute[] {
  return fittingPaths(description, method, pathname, true).map((fit) => routeOf(description, method, fit.path));
}

function routeOf(description: OpenApiDocument, method: string, path: string): FoundRoute {
  return { key: `${method.toUpperCase()} ${path}`, operation: description.paths[path][method.toLowerCase()] };
}

/** Templates of this method whose segments fit the path; score counts the literal segments. */
function fittingPaths(description: OpenApiDocument, method: string, pathname: string, ignoreCase: boolean) {
  const lower = method.toLowerCase();
  const segments = pathname.split("/");
  const fold = (text: string) => (ignoreCase ? text.toLowerCase() : text);
  const fits: { path: string; score: number }[] = [];
  for (const path of Object.keys(description.paths ?? {})) {
    const template = path.split("/");
    if (template.length !== segments.length || !description.paths[path]?.[lower]) continue;
    let score = 0;
    const fitting = template.every((part, index) => {
      if (/^\{[^}]+\}$/.test(part)) return segments[index] !== "";
      score += 1;
      return fold(part) === fold(decodeSegment(segments[index]));
    });
    if (fitting) fits.push({ path, score });
  }
  return fits;
}

/** A segment as a server reads it; a malformed escape stays as sent (and so fits no literal). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface DestinationRoute extends FoundRoute {
  /** The request's path with the destination percent-encoded as one segment, the form the template matches. */
  canonicalPath: string;
}

/**
 * A destination (the path parameter named by `x-qstash-destination`, always a template's last segment) may
 * travel unencoded, slashes and all, as the docs' curl examples and the SDKs send it: the path's tail is then
 * one value. Undefined when no such operation takes the path.
 */
export function findDestinationRoute(
  description: OpenApiDocument,
  method: string,
  pathname: string,
): DestinationRoute | undefined {
  const lower = method.toLowerCase();
  const segments = pathname.split("/");
  for (const path of Object.keys(description.paths ?? {})) {
    const operation = description.paths[path]?.[lower];
    const template = path.split("/");
    const last = template.length - 1;
    if (!operation || template[last] !== `{${operation["x-qstash-destination"]}}` || segments.length <= template.length)
      continue;
    const fits = template
      .slice(0, last)
      .every((part, index) =>
        /^\{[^}]+\}$/.test(part) ? segments[index] !== "" : part === decodeSegment(segments[index]),
      );
    if (!fits) continue;
    const destination = segments.slice(last).map(decodeSegment).join("/");
    const canonicalPath = [...segments.slice(0, last), encodeURIComponent(destination)].join("/");
    return { key: `${method.toUpperCase()} ${path}`, operation, canonicalPath };
  }
  return undefined;
}
