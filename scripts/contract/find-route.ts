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
