import type { OpenApiDocument } from "../../spec/build.ts";
import { findRoute } from "../find-route.ts";

/**
 * A mined claim names the operation as the page writes it: a concrete path
 * (`/v2/publish/https://example.com`) or the page's own template. The judge maps it onto the
 * spec's operation here, at judge time, so that the committed catalog holds only the page's facts.
 */
export interface Resolved {
  /** `POST /v2/publish/{destination}`, or undefined when the spec has no such operation. */
  key?: string;
  /** For a destination URL written into the path: the value of the destination parameter. */
  destination?: { name: string; value: string; prefix: string };
}

export function resolveOperation(description: OpenApiDocument, operation: string): Resolved {
  const [method, path] = operation.split(" ");
  const route = findRoute(description, method, path);
  if (route.operation) return { key: route.key };
  return foldDestination(description, method, path) ?? {};
}

/**
 * QStash reads the rest of the path after /v2/publish/ (enqueue, schedules, trigger) as the
 * destination URL; the spec marks that parameter with x-qstash-destination and models it as one
 * segment. A page that writes the URL as it is means that parameter, not a longer path.
 */
function foldDestination(description: OpenApiDocument, method: string, path: string): Resolved | undefined {
  const segments = path.split("/");
  for (const [template, item] of Object.entries<Record<string, any>>(description.paths ?? {})) {
    const op = item?.[method.toLowerCase()];
    const name: string | undefined = op?.["x-qstash-destination"];
    if (!name || !template.endsWith(`/{${name}}`)) continue;
    const prefix = template.split("/").slice(0, -1);
    if (segments.length <= prefix.length) continue;
    const fits = prefix.every((part, i) => (/^\{[^}]+\}$/.test(part) ? segments[i] !== "" : part === segments[i]));
    if (fits)
      return {
        key: `${method} ${template}`,
        destination: {
          name,
          value: segments.slice(prefix.length).join("/"),
          prefix: segments.slice(0, prefix.length).join("/"),
        },
      };
  }
  return undefined;
}

/**
 * The URL to replay for an example whose destination was folded: the destination becomes one
 * segment. The example check decodes the path once before sending it, so the segment is
 * encoded twice here and reaches the mock encoded once, as the spec describes it.
 */
export function replayUrl(url: string, resolved: Resolved): string {
  const parsed = new URL(url);
  return `${parsed.origin}${replayTarget(url, resolved, 2)}`;
}

/** Path and query to send as they are (sendRaw): the destination encoded once. */
export function replayTarget(url: string, resolved: Resolved, encodings = 1): string {
  const parsed = new URL(url);
  if (!resolved.destination) return `${parsed.pathname}${parsed.search}`;
  const { prefix, value } = resolved.destination;
  const segment = encodings === 2 ? encodeURIComponent(encodeURIComponent(value)) : encodeURIComponent(value);
  return `${prefix}/${segment}${parsed.search}`;
}
