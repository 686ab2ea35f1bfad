import fc from "fast-check";
import { edgeValues } from "./edges.ts";
import type { Schema } from "./model.ts";

/** Where a generated value will travel: it bounds which characters are safe to generate. */
export type Carrier = "query" | "header" | "path" | "body";

const SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";
// Header values: visible ASCII (RFC 9110 field-vchar); query and path values are percent-encoded
// by openapi-fetch, so they may use the same set; identifiers stay in SAFE.
const VISIBLE = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join("");

/** How often a drawn value is one of the schema's edge values (edgeValues) rather than a random one. */
const EDGE_WEIGHT = 1;
const RANDOM_WEIGHT = 3;

/**
 * A fast-check arbitrary for values valid against a (ref-free) schema. It covers the subset of
 * JSON Schema the QStash description uses; anything else yields a constant so that a new keyword
 * shows up as a failing case rather than as silent garbage. With `edges`, about one draw in four is
 * an edge value of the schema (empty, extreme, long, non-ASCII…), as a fuzzer draws them.
 */
export function arbitraryFor(schema: Schema, carrier: Carrier, edges = false): fc.Arbitrary<unknown> {
  // Built once per schema: a body's arbitrary is chained per draw, and its edge values are long.
  const key = `${carrier}:${edges}`;
  const known = BUILT.get(schema) ?? new Map<string, fc.Arbitrary<unknown>>();
  BUILT.set(schema, known);
  let arbitrary = known.get(key);
  if (!arbitrary) {
    const random = randomArbitrary(schema, carrier, edges);
    const edge = edges ? edgeValues(schema, carrier).filter((e) => !e.onMock) : [];
    const drawnEdge = edge.length > 0 ? fc.constantFrom(...edge.map((e) => e.value)) : null;
    arbitrary = drawnEdge
      ? fc.oneof({ arbitrary: drawnEdge, weight: EDGE_WEIGHT }, { arbitrary: random, weight: RANDOM_WEIGHT })
      : random;
    known.set(key, arbitrary);
  }
  return arbitrary;
}

const BUILT = new WeakMap<Schema, Map<string, fc.Arbitrary<unknown>>>();

function randomArbitrary(schema: Schema, carrier: Carrier, edges: boolean): fc.Arbitrary<unknown> {
  if ("const" in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  if (schema.oneOf) return arbitraryFor(schema.oneOf[0], carrier, edges);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s: Schema) => arbitraryFor(s, carrier, edges)));
  switch (schema.type) {
    case "string":
      return stringArbitrary(schema, carrier);
    case "integer":
      return fc.integer({
        min: schema.minimum ?? (schema.format === "int64" ? 0 : -1000),
        max: schema.maximum ?? (schema.format === "int64" ? 2_000_000_000_000 : 100_000),
      });
    case "number":
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 2_000_000_000_000 });
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(arbitraryFor(schema.items ?? {}, carrier, edges), {
        minLength: Math.max(schema.minItems ?? 0, 1),
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case "object":
      return objectArbitrary(schema, carrier, edges);
    default:
      return fc.constant("value");
  }
}

function stringArbitrary(schema: Schema, carrier: Carrier): fc.Arbitrary<string> {
  // A documented wire format (a duration, flow-control settings): values drawn from its own pattern.
  if (typeof schema.pattern === "string") return fc.stringMatching(new RegExp(schema.pattern, "u"));
  const minLength = Math.max(schema.minLength ?? 0, carrier === "path" ? 1 : 0);
  const maxLength = Math.min(schema.maxLength ?? 16, Math.max(minLength, 16));
  if (carrier === "body" && schema.format !== "byte") return fc.string({ minLength, maxLength });
  if (schema.format === "byte") return fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString("base64"));
  const chars = carrier === "header" ? VISIBLE : SAFE;
  const value = fc.string({
    unit: fc.constantFrom(...chars),
    minLength: Math.max(minLength, carrier === "header" ? 1 : 0),
    maxLength,
  });
  // "." and ".." (even percent-encoded) are dot segments: every WHATWG URL parser, fetch included,
  // removes them, so such an id silently addresses another route. No HTTP client can send them;
  // the client has to refuse them (found by this generator, reported to the client's owner).
  return carrier === "path" ? value.filter((v) => !isDotSegment(v)) : value;
}

function objectArbitrary(schema: Schema, carrier: Carrier, edges: boolean): fc.Arbitrary<Record<string, unknown>> {
  const properties: Record<string, Schema> = schema.properties ?? {};
  if (Object.keys(properties).length > 0) {
    const record = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitraryFor(s, carrier, edges)]));
    return fc.record(record, { requiredKeys: schema.required ?? [] }) as fc.Arbitrary<Record<string, unknown>>;
  }
  const key = fc.string({ unit: fc.constantFrom(...SAFE), minLength: 1, maxLength: 8 });
  const extra = schema.additionalProperties;
  const value =
    typeof extra === "object"
      ? arbitraryFor(extra, carrier, edges)
      : fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
  return fc.dictionary(key, value, { maxKeys: 3 });
}

/** A full http(s) URL with port, path and query, as destinations and workflow URLs carry. */
export const urlArbitrary: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("http", "https"),
    fc.domain(),
    fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    fc.array(fc.string({ unit: fc.constantFrom(...SAFE), minLength: 1, maxLength: 6 }), { maxLength: 3 }),
    fc.array(
      fc.tuple(
        fc.string({ unit: fc.constantFrom(...SAFE), minLength: 1, maxLength: 4 }),
        fc.string({ unit: fc.constantFrom(...SAFE), maxLength: 4 }),
      ),
      { maxLength: 2 },
    ),
  )
  .map(([scheme, host, port, segments, pairs]) => {
    const query = pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}` : "";
    return `${scheme}://${host}${port ? `:${port}` : ""}/${segments.join("/")}${query}`;
  });

/** True for a path segment that URL parsing removes or climbs out of. */
export function isDotSegment(segment: string): boolean {
  return /^(\.|%2e){1,2}$/i.test(segment);
}
