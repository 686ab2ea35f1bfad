import { isDeepStrictEqual } from "node:util";
import type { ChangeKind, Direction } from "./change-kinds.ts";
import { makeChange, type Change } from "./change.ts";
import type { OpenApiDocument } from "./load-description.ts";
import { covers, describeShape, shapeOf, type Shape } from "./schema-shape.ts";

export interface SchemaContext {
  oldDoc: OpenApiDocument;
  newDoc: OpenApiDocument;
  direction: Exclude<Direction, "operation">;
  operation: string;
  /** `query parameter url`, `request body`, `response 200 body`. */
  location: string;
  out: Change[];
}

/** Bounds that narrow what is valid when they grow (`min`) or shrink (`max`). */
const LOWER_BOUNDS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"] as const;
const UPPER_BOUNDS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"] as const;

/**
 * Compares one schema in two descriptions, field by field, and appends one Change per
 * difference a caller can feel. `path` is the field path below the location (`messages[].label`).
 */
export function compareSchema(context: SchemaContext, oldRaw: unknown, newRaw: unknown, path = "", seen = new Set<string>()): void {
  const pairKey = `${(oldRaw as any)?.$ref ?? ""}|${(newRaw as any)?.$ref ?? ""}|${path}`;
  if (seen.has(pairKey) || path.split(".").length > 12) return;
  seen.add(pairKey);
  const oldShape = shapeOf(context.oldDoc, oldRaw);
  const newShape = shapeOf(context.newDoc, newRaw);
  const emit = (kind: ChangeKind, detail: string, at = path) => {
    const where = at ? `${context.location} \`${at}\`` : context.location;
    context.out.push(makeChange(kind, context.direction, context.operation, where, detail));
  };

  const typesMoved = compareTypes(context, oldShape, newShape, emit);
  if (oldShape.nullable !== newShape.nullable) emit(newShape.nullable ? "became-nullable" : "became-not-nullable", `${describeShape(context.oldDoc, oldShape)} → ${describeShape(context.newDoc, newShape)}`);
  compareValues(oldShape, newShape, emit);
  compareLimits(oldShape.schema, newShape.schema, emit);
  if (!isDeepStrictEqual(oldShape.schema.default, newShape.schema.default)) {
    emit("default-changed", `default ${show(oldShape.schema.default)} → ${show(newShape.schema.default)}`);
  }
  if (path && Boolean(oldShape.schema.deprecated) !== Boolean(newShape.schema.deprecated)) {
    emit(newShape.schema.deprecated ? "field-deprecated" : "field-reactivated", newShape.schema.deprecated ? "deprecated" : "no longer deprecated");
  }
  if (typesMoved) return;
  if (has(oldShape, "array") && has(newShape, "array") && (oldShape.schema.items || newShape.schema.items)) {
    compareSchema(context, oldShape.schema.items ?? {}, newShape.schema.items ?? {}, `${path}[]`, seen);
  }
  if (isObjectLike(oldShape) && isObjectLike(newShape)) compareObject(context, oldShape, newShape, path, seen, emit);
}

/** Reports a type move and says whether it was one (children of a moved type are not compared). */
function compareTypes(context: SchemaContext, oldShape: Shape, newShape: Shape, emit: (kind: ChangeKind, detail: string) => void): boolean {
  const same = oldShape.types === newShape.types || (oldShape.types !== null && newShape.types !== null && covers(oldShape.types, newShape.types) && covers(newShape.types, oldShape.types));
  if (same) return false;
  const detail = `${describeShape(context.oldDoc, { ...oldShape, nullable: false })} → ${describeShape(context.newDoc, { ...newShape, nullable: false })}`;
  const oldList = has(oldShape, "array");
  const newList = has(newShape, "array");
  if (covers(newShape.types, oldShape.types)) emit("type-widened", detail);
  else if (covers(oldShape.types, newShape.types)) emit("type-narrowed", detail);
  else if (!oldList && newList) emit("became-list", detail);
  else if (oldList && !newList) emit("became-single", detail);
  else emit("type-changed", detail);
  return true;
}

function compareValues(oldShape: Shape, newShape: Shape, emit: (kind: ChangeKind, detail: string) => void): void {
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

function compareLimits(before: Record<string, any>, after: Record<string, any>, emit: (kind: ChangeKind, detail: string) => void): void {
  const bound = (keyword: string, narrowerWhenLarger: boolean) => {
    const a = numberOrUndefined(before[keyword]);
    const b = numberOrUndefined(after[keyword]);
    if (a === b) return;
    const detail = `${keyword} ${show(a)} → ${show(b)}`;
    if (a === undefined) return emit("limit-narrowed", detail);
    if (b === undefined) return emit("limit-widened", detail);
    emit((b > a) === narrowerWhenLarger ? "limit-narrowed" : "limit-widened", detail);
  };
  LOWER_BOUNDS.forEach((keyword) => bound(keyword, true));
  UPPER_BOUNDS.forEach((keyword) => bound(keyword, false));
  if (before.multipleOf !== after.multipleOf) {
    const widened = after.multipleOf === undefined || (before.multipleOf !== undefined && before.multipleOf % after.multipleOf === 0);
    emit(widened ? "limit-widened" : "limit-narrowed", `multipleOf ${show(before.multipleOf)} → ${show(after.multipleOf)}`);
  }
  if (before.pattern !== after.pattern) emit(after.pattern === undefined ? "limit-widened" : "limit-narrowed", `pattern ${show(before.pattern)} → ${show(after.pattern)}`);
  if (Boolean(before.uniqueItems) !== Boolean(after.uniqueItems)) emit(after.uniqueItems ? "limit-narrowed" : "limit-widened", `uniqueItems ${Boolean(before.uniqueItems)} → ${Boolean(after.uniqueItems)}`);
  if (before.format !== after.format) {
    if (after.format === undefined) emit("limit-widened", `format ${before.format} dropped`);
    else emit("format-changed", `format ${show(before.format)} → ${after.format}`);
  }
}

function compareObject(context: SchemaContext, oldShape: Shape, newShape: Shape, path: string, seen: Set<string>, emit: (kind: ChangeKind, detail: string, at?: string) => void): void {
  const oldProps: Record<string, unknown> = oldShape.schema.properties ?? {};
  const newProps: Record<string, unknown> = newShape.schema.properties ?? {};
  const oldRequired = new Set<string>(oldShape.schema.required ?? []);
  const newRequired = new Set<string>(newShape.schema.required ?? []);
  const field = (name: string) => (path ? `${path}.${name}` : name);
  for (const name of Object.keys(oldProps)) {
    if (!(name in newProps)) emit("field-removed", oldRequired.has(name) ? "required field removed" : "optional field removed", field(name));
  }
  for (const [name, schema] of Object.entries(newProps)) {
    if (!(name in oldProps)) {
      const type = describeShape(context.newDoc, shapeOf(context.newDoc, schema));
      emit(newRequired.has(name) ? "field-added-required" : "field-added-optional", `new ${newRequired.has(name) ? "required" : "optional"} ${type}`, field(name));
      continue;
    }
    if (oldRequired.has(name) !== newRequired.has(name)) emit(newRequired.has(name) ? "field-became-required" : "field-became-optional", newRequired.has(name) ? "optional → required" : "required → optional", field(name));
    compareSchema(context, oldProps[name], schema, field(name), seen);
  }
  const before = oldShape.schema.additionalProperties;
  const after = newShape.schema.additionalProperties;
  const closedBefore = before === false;
  const closedAfter = after === false;
  if (!closedBefore && closedAfter) emit("additional-properties-narrowed", "unlisted fields no longer allowed");
  else if (closedBefore && !closedAfter) emit("additional-properties-widened", "unlisted fields now allowed");
  else if (isSchema(before) && isSchema(after)) compareSchema(context, before, after, path ? `${path}[key]` : "[key]", seen);
}

const has = (shape: Shape, type: "array" | "object") => shape.types !== null && shape.types.has(type);
const isObjectLike = (shape: Shape) => has(shape, "object") || (shape.types === null && shape.schema.properties !== undefined);
const isSchema = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const numberOrUndefined = (value: unknown) => (typeof value === "number" ? value : undefined);

export function show(value: unknown): string {
  return value === undefined ? "none" : JSON.stringify(value);
}

function list(values: unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}
