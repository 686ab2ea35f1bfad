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

/**
 * Reads what a schema lets through, folding 3.1 type lists, `const`, oneOf/anyOf and 3.0
 * `nullable`. A union with one member besides null reads as that member, nullable.
 */
export function shapeOf(document: OpenApiDocument, raw: unknown, depth = 0): Shape {
  const schema = mergeAllOf(document, deref(document, (raw ?? {}) as Record<string, any>));
  // A union that refers back to itself reads as "any value" past a fixed depth.
  if (depth > 8) return { types: null, nullable: false, values: null, schema };
  const members = unionMembers(document, schema);
  if (members?.length === 1) {
    const { oneOf: _oneOf, anyOf: _anyOf, ...outer } = schema;
    const inner = shapeOf(document, members[0], depth + 1);
    const hadNull = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].length > 1 || schema.nullable === true;
    return { ...inner, nullable: inner.nullable || hadNull, schema: { ...inner.schema, ...outer } };
  }
  let types: Set<ValueType> | null = null;
  let nullable = schema.nullable === true;
  const add = (type: string) => {
    if (type === "null") nullable = true;
    else if (VALUE_TYPES.has(type)) (types ??= new Set()).add(type as ValueType);
  };
  if (typeof schema.type === "string") add(schema.type);
  if (Array.isArray(schema.type)) schema.type.forEach(add);
  const alternatives = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  if (types === null && alternatives.length > 0) {
    let open = false;
    for (const member of alternatives) {
      const inner = shapeOf(document, member, depth + 1);
      nullable ||= inner.nullable;
      if (inner.types === null) open ||= !isNullOnly(document, member);
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

/**
 * The alternatives of a oneOf/anyOf union, null left out (it is nullability), or null when the
 * schema is no union: one whose own properties carry the shape and whose oneOf only constrains
 * them is read as an object.
 */
export function unionMembers(document: OpenApiDocument, raw: unknown): unknown[] | null {
  const schema = mergeAllOf(document, deref(document, (raw ?? {}) as Record<string, any>));
  const alternatives = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  if (alternatives.length === 0 || schema.properties) return null;
  const members = alternatives.filter((member) => !isNullOnly(document, member));
  return members.length > 0 ? members : null;
}

function isNullOnly(document: OpenApiDocument, raw: unknown): boolean {
  const schema = deref(document, (raw ?? {}) as Record<string, any>);
  if (schema.type === "null") return true;
  if (Array.isArray(schema.type)) return schema.type.length > 0 && schema.type.every((type: string) => type === "null");
  if ("const" in schema) return schema.const === null;
  return Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every((value: unknown) => value === null);
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

/** The types as TypeScript sees them: integer and number are both `number`. */
export function typeScriptTypes(types: Set<ValueType> | null): Set<string> | null {
  return types === null ? null : new Set([...types].map((type) => (type === "integer" ? "number" : type)));
}

/** A schema with every $ref replaced by its target and prose left out, for comparing two shapes as values. */
export function resolveDeep(document: OpenApiDocument, node: unknown, depth = 0): unknown {
  if (depth > 20 || node === null || typeof node !== "object") return node;
  if (Array.isArray(node)) return node.map((item) => resolveDeep(document, item, depth + 1));
  const target = deref(document, node as Record<string, unknown>);
  const kept = Object.entries(target).filter(([key]) => !PROSE.has(key));
  return Object.fromEntries(kept.map(([key, value]) => [key, resolveDeep(document, value, depth + 1)]));
}

const PROSE = new Set(["description", "example", "examples", "title", "summary"]);
