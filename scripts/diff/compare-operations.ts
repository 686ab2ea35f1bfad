import { isDeepStrictEqual } from "node:util";
import { makeChange, type Change } from "./change.ts";
import { compareSchema, type SchemaContext } from "./compare-schema.ts";
import { deref, type OpenApiDocument } from "./load-description.ts";
import { isSuccess, operationsOf, type OperationView } from "./operations.ts";

/** Style and explode a parameter gets when the description says nothing (OpenAPI 3.1 §4.8.12.4). */
const DEFAULT_STYLE: Record<string, string> = { query: "form", cookie: "form", path: "simple", header: "simple" };

export function compareOperations(oldDoc: OpenApiDocument, newDoc: OpenApiDocument, out: Change[]): void {
  const before = operationsOf(oldDoc);
  const after = operationsOf(newDoc);
  for (const [match, old] of before) {
    const next = after.get(match);
    if (!next) out.push(makeChange("operation-removed", "operation", old.key, "operation", "removed"));
    else compareOperation(oldDoc, newDoc, old, next, out);
  }
  for (const [match, next] of after) {
    if (!before.has(match)) out.push(makeChange("operation-added", "operation", next.key, "operation", "added"));
  }
}

function compareOperation(oldDoc: OpenApiDocument, newDoc: OpenApiDocument, old: OperationView, next: OperationView, out: Change[]): void {
  const op = next.key;
  const push = (change: Change) => out.push(change);
  if (old.path !== next.path) push(makeChange("path-parameter-renamed", "operation", op, "path", `${old.path} → ${next.path}`));
  if (Boolean(old.operation.deprecated) !== Boolean(next.operation.deprecated)) {
    push(makeChange(next.operation.deprecated ? "operation-deprecated" : "operation-reactivated", "operation", op, "operation", next.operation.deprecated ? "deprecated" : "no longer deprecated"));
  }
  if (old.operation.operationId && next.operation.operationId && old.operation.operationId !== next.operation.operationId) {
    push(makeChange("operation-id-changed", "operation", op, "operationId", `${old.operation.operationId} → ${next.operation.operationId}`));
  }
  compareSecurity(old, next, out);
  compareParameters(oldDoc, newDoc, old, next, out);
  compareRequestBody(oldDoc, newDoc, old, next, out);
  compareResponses(oldDoc, newDoc, old, next, out);
}

function compareSecurity(old: OperationView, next: OperationView, out: Change[]): void {
  const anonymousBefore = old.security.includes("(none)");
  const anonymousAfter = next.security.includes("(none)");
  if (anonymousBefore && !anonymousAfter) out.push(makeChange("security-required", "operation", next.key, "security", `now needs ${next.security.join(" or ")}`));
  for (const alternative of old.security) {
    if (alternative !== "(none)" && !next.security.includes(alternative)) out.push(makeChange("security-alternative-removed", "operation", next.key, "security", `${alternative} no longer accepted`));
  }
  for (const alternative of next.security) {
    if (alternative !== "(none)" && !old.security.includes(alternative)) out.push(makeChange("security-alternative-added", "operation", next.key, "security", `${alternative} now accepted`));
  }
}

function compareParameters(oldDoc: OpenApiDocument, newDoc: OpenApiDocument, old: OperationView, next: OperationView, out: Change[]): void {
  // A renamed path parameter is the same parameter: match path parameters by position.
  const renamed = new Map(old.pathNames.map((name, index) => [`path:${name}`, `path:${next.pathNames[index] ?? name}`]));
  const seenNew = new Set<string>();
  for (const [oldKey, parameter] of old.parameters) {
    const newKey = renamed.get(oldKey) ?? oldKey;
    const counterpart = next.parameters.get(newKey);
    const where = `${parameter.in} parameter \`${parameter.name}\``;
    if (!counterpart) {
      out.push(makeChange("parameter-removed", "request", next.key, where, parameter.required ? "required parameter removed" : "optional parameter removed"));
      continue;
    }
    seenNew.add(newKey);
    if (Boolean(parameter.required) !== Boolean(counterpart.required)) {
      out.push(makeChange(counterpart.required ? "parameter-became-required" : "parameter-became-optional", "request", next.key, where, counterpart.required ? "optional → required" : "required → optional"));
    }
    if (Boolean(parameter.deprecated) !== Boolean(counterpart.deprecated)) {
      out.push(makeChange(counterpart.deprecated ? "parameter-deprecated" : "parameter-reactivated", "request", next.key, where, counterpart.deprecated ? "deprecated" : "no longer deprecated"));
    }
    const serialization = (p: Record<string, any>) => {
      const style = p.style ?? DEFAULT_STYLE[p.in] ?? "form";
      return `style ${style}, explode ${p.explode ?? style === "form"}`;
    };
    if (serialization(parameter) !== serialization(counterpart)) {
      out.push(makeChange("parameter-serialization-changed", "request", next.key, where, `${serialization(parameter)} → ${serialization(counterpart)}`));
    }
    const context: SchemaContext = { oldDoc, newDoc, direction: "request", operation: next.key, location: where, out };
    compareSchema(context, parameterSchema(parameter), parameterSchema(counterpart));
  }
  for (const [newKey, parameter] of next.parameters) {
    if (seenNew.has(newKey)) continue;
    const where = `${parameter.in} parameter \`${parameter.name}\``;
    out.push(makeChange(parameter.required ? "parameter-added-required" : "parameter-added-optional", "request", next.key, where, `new ${parameter.required ? "required" : "optional"} parameter`));
  }
}

/** A parameter's schema, from `schema` or from its single `content` entry. */
function parameterSchema(parameter: Record<string, any>): unknown {
  if (parameter.schema) return parameter.schema;
  const [first] = Object.values<any>(parameter.content ?? {});
  return first?.schema ?? {};
}

function compareRequestBody(oldDoc: OpenApiDocument, newDoc: OpenApiDocument, old: OperationView, next: OperationView, out: Change[]): void {
  const before = old.operation.requestBody ? deref(oldDoc, old.operation.requestBody) : undefined;
  const after = next.operation.requestBody ? deref(newDoc, next.operation.requestBody) : undefined;
  const op = next.key;
  if (!before && !after) return;
  if (!before) return void out.push(makeChange(after!.required ? "request-body-added-required" : "request-body-added-optional", "request", op, "request body", "added"));
  if (!after) return void out.push(makeChange("request-body-removed", "request", op, "request body", "removed"));
  if (Boolean(before.required) !== Boolean(after.required)) {
    out.push(makeChange(after.required ? "request-body-became-required" : "request-body-became-optional", "request", op, "request body", after.required ? "optional → required" : "required → optional"));
  }
  compareContent(oldDoc, newDoc, before.content ?? {}, after.content ?? {}, "request", op, "request body", out);
}

function compareContent(oldDoc: OpenApiDocument, newDoc: OpenApiDocument, before: Record<string, any>, after: Record<string, any>, direction: "request" | "response", op: string, location: string, out: Change[]): void {
  const several = Object.keys(before).length > 1 || Object.keys(after).length > 1;
  for (const [mediaType, media] of Object.entries(before)) {
    const where = several ? `${location} (${mediaType})` : location;
    if (!(mediaType in after)) {
      out.push(makeChange(direction === "request" ? "request-media-type-removed" : "response-media-type-removed", direction, op, location, `${mediaType} removed`));
      continue;
    }
    compareSchema({ oldDoc, newDoc, direction, operation: op, location: where, out }, media?.schema ?? {}, after[mediaType]?.schema ?? {});
  }
  for (const mediaType of Object.keys(after)) {
    if (!(mediaType in before)) out.push(makeChange(direction === "request" ? "request-media-type-added" : "response-media-type-added", direction, op, location, `${mediaType} added`));
  }
}

function compareResponses(oldDoc: OpenApiDocument, newDoc: OpenApiDocument, old: OperationView, next: OperationView, out: Change[]): void {
  const before: Record<string, any> = old.operation.responses ?? {};
  const after: Record<string, any> = next.operation.responses ?? {};
  const op = next.key;
  const successSchemas = Object.entries(before)
    .filter(([status]) => isSuccess(status))
    .flatMap(([, raw]) => Object.values<any>(deref(oldDoc, raw).content ?? {}).map((media) => resolveDeep(oldDoc, media?.schema)));
  for (const [status, raw] of Object.entries(before)) {
    if (status in after) compareResponse(oldDoc, newDoc, status, deref(oldDoc, raw), deref(newDoc, after[status]), op, out);
    else out.push(makeChange(isSuccess(status) ? "response-success-status-removed" : "response-error-status-removed", "response", op, `response ${status}`, "status no longer returned"));
  }
  for (const [status, raw] of Object.entries(after)) {
    if (status in before) continue;
    const bodies = Object.values<any>(deref(newDoc, raw).content ?? {}).map((media) => resolveDeep(newDoc, media?.schema));
    const newShape = isSuccess(status) && bodies.some((body) => !successSchemas.some((known) => isDeepStrictEqual(known, body)));
    out.push(makeChange(newShape ? "response-success-status-added-new-shape" : "response-status-added", "response", op, `response ${status}`, "new status"));
  }
}

function compareResponse(oldDoc: OpenApiDocument, newDoc: OpenApiDocument, status: string, before: Record<string, any>, after: Record<string, any>, op: string, out: Change[]): void {
  compareContent(oldDoc, newDoc, before.content ?? {}, after.content ?? {}, "response", op, `response ${status} body`, out);
  const oldHeaders: Record<string, any> = lowerKeys(before.headers ?? {});
  const newHeaders: Record<string, any> = lowerKeys(after.headers ?? {});
  for (const [name, raw] of Object.entries(oldHeaders)) {
    const header = deref(oldDoc, raw);
    const where = `response ${status} header \`${name}\``;
    if (!(name in newHeaders)) {
      // An optional header could always be missing, so only a required one is felt when it goes.
      if (header.required) out.push(makeChange("response-header-removed", "response", op, where, "required header removed"));
      continue;
    }
    const counterpart = deref(newDoc, newHeaders[name]);
    if (Boolean(header.required) !== Boolean(counterpart.required)) {
      out.push(makeChange(counterpart.required ? "response-header-became-required" : "response-header-became-optional", "response", op, where, counterpart.required ? "optional → required" : "required → optional"));
    }
    compareSchema({ oldDoc, newDoc, direction: "response", operation: op, location: where, out }, header.schema ?? {}, counterpart.schema ?? {});
  }
  for (const name of Object.keys(newHeaders)) {
    if (!(name in oldHeaders)) out.push(makeChange("response-header-added", "response", op, `response ${status} header \`${name}\``, "new header"));
  }
}

const lowerKeys = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));

/** A schema with every $ref replaced by its target, for comparing two shapes as values. */
function resolveDeep(document: OpenApiDocument, node: unknown, depth = 0): unknown {
  if (depth > 20 || node === null || typeof node !== "object") return node;
  if (Array.isArray(node)) return node.map((item) => resolveDeep(document, item, depth + 1));
  const target = deref(document, node as Record<string, unknown>);
  return Object.fromEntries(Object.entries(target).filter(([key]) => key !== "description" && key !== "example" && key !== "examples").map(([key, value]) => [key, resolveDeep(document, value, depth + 1)]));
}
