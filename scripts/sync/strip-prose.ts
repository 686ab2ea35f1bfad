/**
 * Removes the vendor's prose from a published description and keeps its facts. What goes:
 * descriptions, summaries, titles, examples, external docs and vendor extensions (`x-mint`, …);
 * our own `x-qstash-*` annotations stay. Keys of named maps (`properties`, `paths`, `content`,
 * component names, …) are names, never prose, so a property called `description` survives.
 */
const PROSE_KEYS = new Set(["description", "summary", "title", "example", "examples", "externalDocs"]);

/** Keys whose value is a map from names to objects, not an object with fixed fields. */
export const NAMED_MAPS = new Set([
  "paths",
  "webhooks",
  "schemas",
  "responses",
  "parameters",
  "requestBodies",
  "headers",
  "securitySchemes",
  "links",
  "callbacks",
  "pathItems",
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
  "content",
  "encoding",
  "variables",
  "mapping",
]);

export const isOurAnnotation = (key: string) => key.startsWith("x-qstash-");

export function stripProse<T>(node: T, namedMap = false): T {
  if (Array.isArray(node)) return node.map((item) => stripProse(item)) as T;
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (namedMap) {
      out[key] = stripProse(value);
      continue;
    }
    if (key.startsWith("x-") && !isOurAnnotation(key)) continue;
    // Left as an undefined slot, so that a value put back later (the fixture script's operation
    // summaries) lands where the vendor's was; JSON and YAML output drop a slot nothing filled.
    out[key] = PROSE_KEYS.has(key) ? undefined : stripProse(value, NAMED_MAPS.has(key) && !Array.isArray(value));
  }
  return out as T;
}
