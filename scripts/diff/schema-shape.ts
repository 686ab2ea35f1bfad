import { deref, type OpenApiDocument } from "./load-description.ts";

/** JSON Schema value types, with `null` kept apart as nullability. */
export type ValueType = "string" | "number" | "integer" | "boolean" | "object" | "array";

export interface Shape {
  /** null: any value (no type constraint at all). */
  types: Set<ValueType> | null;
  nullable: boolean;
  /** The allowed values, from `enum` or `const`, without null. */
  values: unknown[] | null;
  schema: Record<string, any>;
}

const VALUE_TYPES = new Set(["string", "number", "integer", "boolean", "object", "array"]);

/** Reads what a schema lets through, folding 3.1 type lists, `const`, oneOf/anyOf and 3.0 `nullable`. */
export function shapeOf(document: OpenApiDocument, raw: unknown): Shape {
  const schema = mergeAllOf(document, deref(document, (raw ?? {}) as Record<string, any>));
  let types: Set<ValueType> | null = null;
  let nullable = schema.nullable === true;
  const add = (type: string) => {
    if (type === "null") nullable = true;
    else if (VALUE_TYPES.has(type)) (types ??= new Set()).add(type as ValueType);
  };
  if (typeof schema.type === "string") add(schema.type);
  if (Array.isArray(schema.type)) schema.type.forEach(add);
  const members = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  if (types === null && members.length > 0) {
    let open = false;
    for (const member of members) {
      const inner = shapeOf(document, member);
      nullable ||= inner.nullable;
      if (inner.types === null) open = true;
      else inner.types.forEach(add);
    }
    if (open) types = null;
  }
  let values: unknown[] | null = Array.isArray(schema.enum) ? schema.enum : "const" in schema ? [schema.const] : null;
  if (values?.includes(null)) nullable = true;
  values = values?.filter((value) => value !== null) ?? null;
  if (types === null && values !== null && values.length > 0) values.forEach((value) => add(typeOfValue(value)));
  if (types === null && (schema.properties || schema.additionalProperties !== undefined)) add("object");
  if (types === null && (schema.items || schema.prefixItems)) add("array");
  return { types, nullable, values, schema };
}

function typeOfValue(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (Number.isInteger(value)) return "integer";
  return typeof value;
}

/** allOf members folded into one schema: properties merged, required lists joined. */
function mergeAllOf(document: OpenApiDocument, schema: Record<string, any>): Record<string, any> {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...rest } = schema;
  const merged: Record<string, any> = { ...rest };
  for (const member of allOf) {
    const part = mergeAllOf(document, deref(document, member));
    for (const [key, value] of Object.entries(part)) {
      if (key === "properties") merged.properties = { ...merged.properties, ...value };
      else if (key === "required") merged.required = [...new Set([...(merged.required ?? []), ...value])];
      else if (!(key in merged)) merged[key] = value;
    }
  }
  return merged;
}

/** `string`, `string[]`, `integer | null`, `any`: how a type reads in the report. */
export function describeShape(document: OpenApiDocument, shape: Shape, depth = 0): string {
  if (shape.types === null) return shape.nullable ? "any | null" : "any";
  const parts = [...shape.types].sort().map((type) => {
    if (type !== "array" || depth > 2) return type;
    const items = shapeOf(document, shape.schema.items);
    const inner = describeShape(document, items, depth + 1);
    return inner.includes(" ") ? `(${inner})[]` : `${inner}[]`;
  });
  if (shape.nullable) parts.push("null");
  return parts.join(" | ");
}

/** Is every value of type `inner` also a value of one of `outer`? (integer is a number.) */
export function covers(outer: Set<ValueType> | null, inner: Set<ValueType> | null): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  return [...inner].every((type) => outer.has(type) || (type === "integer" && outer.has("number")));
}
