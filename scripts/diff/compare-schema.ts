import { isDeepStrictEqual } from "node:util";
import type { ChangeKind, Direction } from "./change-kinds.ts";
import { makeChange, type Change } from "./change.ts";
import type { OpenApiDocument } from "./load-description.ts";
import {
  covers,
  describeShape,
  resolveDeep,
  shapeOf,
  typeScriptTypes,
  unionMembers,
  type Shape,
} from "./schema-shape.ts";

export interface SchemaContext {
  oldDoc: OpenApiDocument;
  newDoc: OpenApiDocument;
  direction: Exclude<Direction, "operation">;
  operation: string;
  /** `query parameter url`, `request body`, `response 200 body`. */
  location: string;
  out: Change[];
}

/**
 * A schema as one description holds it, with the JSON pointer of the place that defines it
 * (`#/components/schemas/Thing`, `#/paths/…/requestBody/…`): openapi-typescript types a field
 * with a default as always present unless that place is inside a parameter or a request body.
 */
export interface SchemaAt {
  raw: unknown;
  at: string;
}

type Emit = (kind: ChangeKind, detail: string, at?: string) => void;

/** Bounds that narrow what is valid when they grow (`min`) or shrink (`max`). */
const LOWER_BOUNDS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"] as const;
const UPPER_BOUNDS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"] as const;

/**
 * Compares one schema in two descriptions, field by field, and appends one Change per
 * difference a caller can feel. `path` is the field path below the location (`messages[].label`).
 */
export function compareSchema(
  context: SchemaContext,
  before: SchemaAt,
  after: SchemaAt,
  path = "",
  ancestors: ReadonlySet<string> = new Set(),
): void {
  // A recursive schema (a field or an alternative that refers back to an enclosing one) is
  // compared once, at its outermost place.
  const refPair = refOf(before.raw) || refOf(after.raw) ? `${refOf(before.raw)}|${refOf(after.raw)}` : "";
  if ((refPair && ancestors.has(refPair)) || path.split(/[.<]/).length > 12) return;
  const seen = refPair ? new Set([...ancestors, refPair]) : ancestors;
  const oldAt = placeOf(before);
  const newAt = placeOf(after);
  const oldShape = shapeOf(context.oldDoc, before.raw);
  const newShape = shapeOf(context.newDoc, after.raw);
  const emit: Emit = (kind, detail, at = path) => {
    const where = at ? `${context.location} \`${at}\`` : context.location;
    context.out.push(makeChange(kind, context.direction, context.operation, where, detail));
  };

  if (oldShape.nullable !== newShape.nullable) {
    const detail = `${describeShape(context.oldDoc, oldShape)} → ${describeShape(context.newDoc, newShape)}`;
    emit(newShape.nullable ? "became-nullable" : "became-not-nullable", detail);
  }
  if (!isDeepStrictEqual(oldShape.schema.default, newShape.schema.default)) {
    emit("default-changed", `default ${show(oldShape.schema.default)} → ${show(newShape.schema.default)}`);
  }
  if (path && Boolean(oldShape.schema.deprecated) !== Boolean(newShape.schema.deprecated)) {
    emit(
      newShape.schema.deprecated ? "field-deprecated" : "field-reactivated",
      newShape.schema.deprecated ? "deprecated" : "no longer deprecated",
    );
  }
  const oldMembers = unionMembers(context.oldDoc, before.raw);
  const newMembers = unionMembers(context.newDoc, after.raw);
  if ((oldMembers?.length ?? 1) > 1 || (newMembers?.length ?? 1) > 1) {
    const old = (oldMembers ?? [before.raw]).map((raw) => ({ raw, at: oldAt }));
    const next = (newMembers ?? [after.raw]).map((raw) => ({ raw, at: newAt }));
    return compareVariants(context, old, next, path, seen, emit);
  }

  const move = compareTypes(context, oldShape, newShape, emit);
  if (move === "list" || move === "single") {
    // The single value and the list's items hold the same values: compare those, not the
    // list against the scalar (a string enum that became a list of it lifts no enum).
    const scalar = move === "list" ? oldShape : shapeOf(context.oldDoc, oldShape.schema.items);
    const element = move === "list" ? shapeOf(context.newDoc, newShape.schema.items) : newShape;
    const at = move === "list" ? `${path}[]` : path;
    compareValues(scalar, element, (kind, detail) => emit(kind, detail, at));
    compareLimits(scalar.schema, element.schema, (kind, detail) => emit(kind, detail, at));
    return;
  }
  compareValues(oldShape, newShape, emit);
  compareLimits(oldShape.schema, newShape.schema, emit);
  if (move === "moved") return;
  if (has(oldShape, "array") && has(newShape, "array") && (oldShape.schema.items || newShape.schema.items)) {
    compareSchema(
      context,
      { raw: oldShape.schema.items ?? {}, at: oldAt },
      { raw: newShape.schema.items ?? {}, at: newAt },
      `${path}[]`,
      seen,
    );
  }
  if (isObjectLike(oldShape) && isObjectLike(newShape)) {
    compareObject(context, { shape: oldShape, at: oldAt }, { shape: newShape, at: newAt }, path, seen, emit);
  }
}

/**
 * Would a caller written against `before` still compile against `after` (in the context's
 * direction)? That is: does comparing them find nothing that stops compiling?
 */
export function compiles(context: SchemaContext, before: SchemaAt, after: SchemaAt): boolean {
  const scratch: Change[] = [];
  compareSchema({ ...context, out: scratch }, before, after);
  return !scratch.some((change) => change.effect === "compile");
}

type Move = "same" | "list" | "single" | "moved";

/** Reports a type move and says what it was (children of a moved type are not compared). */
function compareTypes(context: SchemaContext, oldShape: Shape, newShape: Shape, emit: Emit): Move {
  const same = (a: Set<string> | null, b: Set<string> | null) =>
    a === b || (a !== null && b !== null && a.size === b.size && [...a].every((t) => b.has(t)));
  if (
    same(oldShape.types, newShape.types) ||
    (covers(oldShape.types, newShape.types) && covers(newShape.types, oldShape.types))
  )
    return "same";
  const oldType = describeShape(context.oldDoc, { ...oldShape, nullable: false });
  const detail = `${oldType} → ${describeShape(context.newDoc, { ...newShape, nullable: false })}`;
  if (same(typeScriptTypes(oldShape.types), typeScriptTypes(newShape.types))) {
    // integer and number: one TypeScript type, other valid values.
    emit(covers(oldShape.types, newShape.types) ? "became-integer" : "became-number", detail);
    return "same";
  }
  const oldList = has(oldShape, "array");
  const newList = has(newShape, "array");
  if (covers(newShape.types, oldShape.types)) emit("type-widened", detail);
  else if (covers(oldShape.types, newShape.types)) emit("type-narrowed", detail);
  else if (!oldList && newList) return (emit("became-list", detail), "list");
  else if (oldList && !newList) return (emit("became-single", detail), "single");
  else emit("type-changed", detail);
  return "moved";
}

/**
 * The alternatives of a oneOf/anyOf, matched old to new (same definition, same $ref, or the
 * only one of its type on each side) and compared; the rest were added or removed. A reader
 * meets an added shape unharmed when an old alternative already compiles against it; a writer
 * loses nothing when a remaining alternative takes what the removed one took.
 */
function compareVariants(
  context: SchemaContext,
  old: SchemaAt[],
  next: SchemaAt[],
  path: string,
  seen: ReadonlySet<string>,
  emit: Emit,
): void {
  const oldLeft = [...old];
  const newLeft = [...next];
  const take = (matches: (a: SchemaAt, b: SchemaAt) => boolean, compare: boolean) => {
    for (const a of [...oldLeft]) {
      const candidates = newLeft.filter((b) => matches(a, b));
      if (candidates.length !== 1) continue;
      const b = candidates[0];
      oldLeft.splice(oldLeft.indexOf(a), 1);
      newLeft.splice(newLeft.indexOf(b), 1);
      if (compare) compareSchema(context, a, b, `${path}<${label(context.newDoc, b)}>`, seen);
    }
  };
  take((a, b) => isDeepStrictEqual(resolveDeep(context.oldDoc, a.raw), resolveDeep(context.newDoc, b.raw)), false);
  take((a, b) => refOf(a.raw) !== "" && refOf(a.raw) === refOf(b.raw), true);
  take((a, b) => label(context.oldDoc, a) === label(context.newDoc, b), true);
  const reader = context.direction === "response";
  for (const added of newLeft) {
    const known = reader && old.some((variant) => compiles(context, variant, added));
    emit(known ? "variant-added-known-shape" : "variant-added", `${label(context.newDoc, added)} added`);
  }
  for (const removed of oldLeft) {
    const kept = !reader && next.some((variant) => compiles(context, removed, variant));
    emit(kept ? "variant-removed-known-shape" : "variant-removed", `${label(context.oldDoc, removed)} removed`);
  }
}

function label(document: OpenApiDocument, variant: SchemaAt): string {
  const ref = refOf(variant.raw);
  return ref ? ref.split("/").pop()! : describeShape(document, shapeOf(document, variant.raw));
}

function compareValues(oldShape: Shape, newShape: Shape, emit: Emit): void {
  const before = oldShape.values;
  const after = newShape.values;
  if (before === null && after === null) return;
  if (before === null) return emit("became-enum", `only ${list(after!)}`);
  if (after === null) return emit("enum-lifted", `was only ${list(before)}`);
  const removed = before.filter((value) => !after.some((other) => isDeepStrictEqual(value, other)));
  const added = after.filter((value) => !before.some((other) => isDeepStrictEqual(value, other)));
  if (removed.length > 0) emit("enum-value-removed", `removed ${list(removed)}`);
  if (added.length > 0) emit("enum-value-added", `added ${list(added)}`);
}

function compareLimits(before: Record<string, any>, after: Record<string, any>, emit: Emit): void {
  const bound = (keyword: string, narrowerWhenLarger: boolean) => {
    const a = numberOrUndefined(before[keyword]);
    const b = numberOrUndefined(after[keyword]);
    if (a === b) return;
    const detail = `${keyword} ${show(a)} → ${show(b)}`;
    if (a === undefined) return emit("limit-narrowed", detail);
    if (b === undefined) return emit("limit-widened", detail);
    emit(b > a === narrowerWhenLarger ? "limit-narrowed" : "limit-widened", detail);
  };
  LOWER_BOUNDS.forEach((keyword) => bound(keyword, true));
  UPPER_BOUNDS.forEach((keyword) => bound(keyword, false));
  if (before.multipleOf !== after.multipleOf) {
    const widened =
      after.multipleOf === undefined || (before.multipleOf !== undefined && before.multipleOf % after.multipleOf === 0);
    emit(
      widened ? "limit-widened" : "limit-narrowed",
      `multipleOf ${show(before.multipleOf)} → ${show(after.multipleOf)}`,
    );
  }
  if (before.pattern !== after.pattern)
    emit(
      after.pattern === undefined ? "limit-widened" : "limit-narrowed",
      `pattern ${show(before.pattern)} → ${show(after.pattern)}`,
    );
  if (Boolean(before.uniqueItems) !== Boolean(after.uniqueItems))
    emit(
      after.uniqueItems ? "limit-narrowed" : "limit-widened",
      `uniqueItems ${Boolean(before.uniqueItems)} → ${Boolean(after.uniqueItems)}`,
    );
  if (before.format !== after.format) {
    if (after.format === undefined) emit("limit-widened", `format ${before.format} dropped`);
    else emit("format-changed", `format ${show(before.format)} → ${after.format}`);
  }
}

interface ObjectAt {
  shape: Shape;
  at: string;
}

function compareObject(
  context: SchemaContext,
  before: ObjectAt,
  after: ObjectAt,
  path: string,
  seen: ReadonlySet<string>,
  emit: Emit,
): void {
  const oldProps: Record<string, unknown> = before.shape.schema.properties ?? {};
  const newProps: Record<string, unknown> = after.shape.schema.properties ?? {};
  const field = (name: string) => (path ? `${path}.${name}` : name);
  const oldState = extraFields(before.shape.schema);
  const newState = extraFields(after.shape.schema);
  const writer = context.direction === "request";
  // An object that lists no field and has no index signature is typed Record<string, never>.
  const typedEmpty = Object.keys(newProps).length === 0 && !indexed(newState);
  for (const name of Object.keys(oldProps)) {
    if (name in newProps) continue;
    const kind = typedEmpty
      ? "last-field-removed"
      : writer && newState === "closed"
        ? "field-removed-from-closed-object"
        : "field-removed";
    emit(
      kind,
      before.shape.schema.required?.includes(name) ? "required field removed" : "optional field removed",
      field(name),
    );
  }
  for (const [name, schema] of Object.entries(newProps)) {
    const required = typedAsRequired(after, name);
    if (!(name in oldProps)) {
      const type = describeShape(context.newDoc, shapeOf(context.newDoc, schema));
      emit(
        required ? "field-added-required" : "field-added-optional",
        `new ${required ? "required" : "optional"} ${type}`,
        field(name),
      );
      continue;
    }
    const wasRequired = typedAsRequired(before, name);
    if (wasRequired !== required)
      emit(
        required ? "field-became-required" : "field-became-optional",
        requiredDetail(before, after, name),
        field(name),
      );
    compareSchema(
      context,
      { raw: oldProps[name], at: `${before.at}/properties/${name}` },
      { raw: schema, at: `${after.at}/properties/${name}` },
      field(name),
      seen,
    );
  }
  if (oldState !== "closed" && newState === "closed")
    emit("additional-properties-narrowed", "unlisted fields no longer allowed");
  if (oldState === "closed" && newState !== "closed")
    emit("additional-properties-widened", "unlisted fields now allowed");
  if (indexed(oldState) && !indexed(newState)) {
    emit(
      typedEmpty ? "index-signature-removed-no-fields" : "index-signature-removed",
      "unlisted fields no longer typed",
      field("[key]"),
    );
  }
  if (!indexed(oldState) && indexed(newState))
    emit("index-signature-added", "unlisted fields now typed", field("[key]"));
  if (indexed(oldState) && indexed(newState)) {
    const schemaOf = (value: unknown) => (value === true ? {} : value);
    const oldExtra = { raw: schemaOf(before.shape.schema.additionalProperties), at: before.at };
    const newExtra = { raw: schemaOf(after.shape.schema.additionalProperties), at: after.at };
    compareSchema(context, oldExtra, newExtra, field("[key]"), seen);
  }
}

/**
 * What an object says of fields it does not list: `closed` (additionalProperties false),
 * `unlisted` (nothing said: allowed, but openapi-typescript gives no index signature), `any`
 * (true or {}: `[key: string]: unknown`) or `typed` (a schema: `[key: string]: T`).
 */
type ExtraFields = "closed" | "unlisted" | "any" | "typed";

const indexed = (state: ExtraFields) => state === "any" || state === "typed";

function extraFields(schema: Record<string, any>): ExtraFields {
  const extra = schema.additionalProperties;
  if (extra === false) return "closed";
  if (extra === undefined) return "unlisted";
  if (extra === true || (isSchema(extra) && Object.keys(extra).length === 0)) return "any";
  return "typed";
}

/**
 * Is the field required in openapi-typescript's type? Listed in `required`, or carrying a
 * default outside parameters and request bodies (its defaultNonNullable option, on by default).
 */
function typedAsRequired(object: ObjectAt, name: string): boolean {
  if (object.shape.schema.required?.includes(name)) return true;
  const property = object.shape.schema.properties?.[name];
  return hasDefault(property) && !DEFAULT_KEEPS_OPTIONAL.some((part) => `${object.at}/${name}`.includes(part));
}

const DEFAULT_KEEPS_OPTIONAL = ["parameters", "requestBody", "requestBodies"];
const hasDefault = (schema: unknown) => isSchema(schema) && "default" in schema && schema.default !== undefined;

function requiredDetail(before: ObjectAt, after: ObjectAt, name: string): string {
  const listed = (object: ObjectAt) => Boolean(object.shape.schema.required?.includes(name));
  const change = typedAsRequired(after, name) ? "optional → required" : "required → optional";
  if (listed(before) !== listed(after)) return change;
  return `${change} in the types (a field with a default is typed as always present)`;
}

/** Where openapi-typescript takes the schema from: the target of its $ref, else where it sits. */
function placeOf(schema: SchemaAt): string {
  const ref = refOf(schema.raw);
  return ref || schema.at;
}

const refOf = (raw: unknown): string => (isSchema(raw) && typeof raw.$ref === "string" ? raw.$ref : "");
const has = (shape: Shape, type: "array" | "object") => shape.types?.has(type);
const isObjectLike = (shape: Shape) =>
  has(shape, "object") || (shape.types === null && shape.schema.properties !== undefined);
const isSchema = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const numberOrUndefined = (value: unknown) => (typeof value === "number" ? value : undefined);

export function show(value: unknown): string {
  return value === undefined ? "none" : JSON.stringify(value);
}

function list(values: unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}
