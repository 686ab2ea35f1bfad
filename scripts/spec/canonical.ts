import { parse, stringify } from "yaml";
import { NAMED_MAPS } from "../sync/strip-prose.ts";

/**
 * The one layout spec/qstash.openapi.yaml is kept in, whoever writes it: `npm run sync` writes it
 * so, and `npm run generate` puts a hand-edited spec back into it (check:generated fails on a spec
 * that is not in it). The layout is a function of the description's content only: the leading
 * comment block; the top-level keys in OpenAPI's reading order; inside each object the keys that
 * name it and our words first, the facts in the order they came, extensions last (see
 * canonicalOrder); block style, no line folding, no anchors. Comments other than the leading block
 * are not kept: a reason belongs in a description or in the overlay.
 */
const TOP_LEVEL_ORDER = [
  "openapi",
  "info",
  "jsonSchemaDialect",
  "servers",
  "security",
  "tags",
  "paths",
  "webhooks",
  "components",
];
/** Inside every object with fixed fields: what names the thing and our words first, in this order. */
const LEADING = ["$ref", "name", "in", "operationId", "summary", "description", "tags"];

export function canonicalSpecText(description: Record<string, unknown>, header: string): string {
  return `${header}${stringify(canonicalDocument(description), { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** The description with its keys in the canonical order (and empty slots gone): what the canonical text holds. */
export function canonicalDocument(description: Record<string, unknown>): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const key of TOP_LEVEL_ORDER) if (description[key] !== undefined) ordered[key] = description[key];
  for (const [key, value] of Object.entries(description))
    if (!(key in ordered) && value !== undefined) ordered[key] = value;
  return canonicalOrder(ordered, true) as Record<string, unknown>;
}

/**
 * Key order that does not depend on who wrote the object: in an object with fixed fields, the
 * LEADING keys first, then the others as they came (the published order of the facts), then
 * extensions (`x-…`) sorted. The keys of named maps (paths, properties, responses…) keep their
 * order. So our words and annotations sit in the same place whether a sync or a hand put them there.
 */
function canonicalOrder(node: unknown, top = false, namedMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => canonicalOrder(item));
  if (typeof node !== "object" || node === null) return node;
  const entries = Object.entries(node).filter(([, value]) => value !== undefined);
  const children = (key: string) => !namedMap && NAMED_MAPS.has(key);
  const inner = (key: string, value: unknown, named: boolean) =>
    !named && isValue(key) ? value : canonicalOrder(value, false, named);
  if (namedMap || top)
    return Object.fromEntries(
      entries.map(([key, value]) => [key, inner(key, value, top ? NAMED_MAPS.has(key) : children(key))]),
    );
  const rank = (key: string) =>
    LEADING.includes(key) ? LEADING.indexOf(key) - LEADING.length : key.startsWith("x-") ? 1 : 0;
  const sorted = entries
    .map(([key, value], index) => ({ key, value, index }))
    .sort((a, b) => rank(a.key) - rank(b.key) || (rank(a.key) === 1 ? a.key.localeCompare(b.key) : a.index - b.index));
  return Object.fromEntries(sorted.map(({ key, value }) => [key, inner(key, value, children(key))]));
}

/** Values that are data, not OpenAPI objects: written as they are. */
const isValue = (key: string) =>
  ["example", "examples", "default", "const", "enum"].includes(key) || key.startsWith("x-");

/** The comment lines a spec file starts with (the file's own words about itself). */
export function leadingComments(text: string): string {
  return text.match(/^(#.*\n)+/)?.[0] ?? "";
}

/** The spec text in the canonical layout: the same bytes when it already is. */
export function canonicalized(text: string): string {
  return canonicalSpecText(parse(text, { maxAliasCount: 100 }) as Record<string, unknown>, leadingComments(text));
}
