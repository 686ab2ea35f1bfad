import type { OpenApiDocument } from "../spec/build.ts";

export interface FoundRoute {
  /** `GET /v2/dlq/{dlqId}`. */
  key: string;
  operation: Record<string, unknown> | undefined;
}

/** The operation a request targets: literal path segments win over templated ones. */
export function findRoute(description: OpenApiDocument, method: string, pathname: string): FoundRoute {
  const lower = method.toLowerCase();
  const segments = pathname.split("/");
  let best: { path: string; score: number } | null = null;
  for (const path of Object.keys(description.paths ?? {})) {
    const template = path.split("/");
    if (template.length !== segments.length || !description.paths[path]?.[lower]) continue;
    let score = 0;
    const fits = template.every((part, index) => {
      if (/^\{[^}]+\}$/.test(part)) return segments[index] !== "";
      score += 1;
      return part === decodeURIComponent(segments[index]);
    });
    if (fits && (!best || score > best.score)) best = { path, score };
  }
  return best ? { key: `${method.toUpperCase()} ${best.path}`, operation: description.paths[best.path][lower] } : { key: `${method.toUpperCase()} ${pathname} (not in the spec)`, operation: undefined };
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
export function findDestinationRoute(description: OpenApiDocument, method: string, pathname: string): DestinationRoute | undefined {
  const lower = method.toLowerCase();
  const segments = pathname.split("/");
  for (const path of Object.keys(description.paths ?? {})) {
    const operation = description.paths[path]?.[lower];
    const template = path.split("/");
    const last = template.length - 1;
    if (!operation || template[last] !== `{${operation["x-qstash-destination"]}}` || segments.length <= template.length) continue;
    const fits = template.slice(0, last).every((part, index) => (/^\{[^}]+\}$/.test(part) ? segments[index] !== "" : part === decodeURIComponent(segments[index])));
    if (!fits) continue;
    const destination = segments.slice(last).map(decodeURIComponent).join("/");
    const canonicalPath = [...segments.slice(0, last), encodeURIComponent(destination)].join("/");
    return { key: `${method.toUpperCase()} ${path}`, operation, canonicalPath };
  }
  return undefined;
}
