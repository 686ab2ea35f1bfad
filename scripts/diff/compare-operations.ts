import { makeChange, type Change } from "./change.ts";
import { compareSchema, compiles, type SchemaAt, type SchemaContext } from "./compare-schema.ts";
import { deref, type OpenApiDocument } from "./load-description.ts";
import { answerSide, operationsOf, pointer, type OperationView } from "./operations.ts";

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

function compareOperation(
  oldDoc: OpenApiDocument,
  newDoc: OpenApiDocument,
  old: OperationView,
  next: OperationView,
  out: Change[],
): void {
  const op = next.key;
  const push = (change: Change) => out.push(change);
  if (old.path !== next.path)
    push(makeChange("path-parameter-renamed", "operation", op, "path", `${old.path} → ${next.path}`));
  if (Boolean(old.operation.deprecated) !== Boolean(next.operation.deprecated)) {
    push(
      makeChange(
        next.operation.deprecated ? "operation-deprecated" : "operation-reactivated",
        "operation",
        op,
        "operation",
        next.operation.deprecated ? "deprecated" : "no longer deprecated",
      ),
    );
  }
  if (
    old.operation.operationId &&
    next.operation.operationId &&
    old.operation.operationId !== next.operation.operationId
  ) {
    push(
      makeChange(
        "operation-id-changed",
        "operation",
        op,
        "operationId",
        `${old.operation.operationId} → ${next.operation.operationId}`,
      ),
    );
  }
  compareSecurity(old, next, out);
  compareParameters(oldDoc, newDoc, old, next, out);
  compareRequestBody(oldDoc, newDoc, old, next, out);
  compareResponses(oldDoc, newDoc, old, next, out);
}

function compareSecurity(old: OperationView, next: OperationView, out: Change[]): void {
  const anonymousBefore = old.security.includes("(none)");
  const anonymousAfter = next.security.includes("(none)");
  if (anonymousBefore && !anonymousAfter)
    out.push(
      makeChange("security-required", "operation", next.key, "security", `now needs ${next.security.join(" or ")}`),
    );
  for (const alternative of old.security) {
    if (alternative !== "(none)" && !next.security.includes(alternative))
      out.push(
        makeChange(
          "security-alternative-removed",
          "operation",
          next.key,
          "security",
          `${alternative} no longer accepted`,
        ),
      );
  }
  for (const alternative of next.security) {
    if (alternative !== "(none)" && !old.security.includes(alternative))
      out.push(
        makeChange("security-alternative-added", "operation", next.key, "security", `${alternative} now accepted`),
      );
  }
}

function compareParameters(
  oldDoc: OpenApiDocument,
  newDoc: OpenApiDocument,
  old: OperationView,
  next: OperationView,
  out: Change[],
): void {
  // A renamed path parameter is the same parameter: match path parameters by position.
  const renamed = new Map(
    old.pathNames.map((name, index) => [`path:${name}`, `path:${next.pathNames[index] ?? name}`]),
  );
  const seenNew = new Set<string>();
  for (const [oldKey, parameter] of old.parameters) {
    const newKey = renamed.get(oldKey) ?? oldKey;
    const counterpart = next.parameters.get(newKey);
    const where = `${parameter.in} parameter \`${parameter.name}\``;
    if (!counterpart) {
      out.push(
        makeChange(
          "parameter-removed",
          "request",
          next.key,
          where,
          parameter.required ? "required parameter removed" : "optional parameter removed",
        ),
      );
      continue;
    }
    seenNew.add(newKey);
    if (Boolean(parameter.required) !== Boolean(counterpart.required)) {
      out.push(
        makeChange(
          counterpart.required ? "parameter-became-required" : "parameter-became-optional",
          "request",
          next.key,
          where,
          counterpart.required ? "optional → required" : "required → optional",
        ),
      );
    }
    if (Boolean(parameter.deprecated) !== Boolean(counterpart.deprecated)) {
      out.push(
        makeChange(
          counterpart.deprecated ? "parameter-deprecated" : "parameter-reactivated",
          "request",
          next.key,
          where,
          counterpart.deprecated ? "deprecated" : "no longer deprecated",
        ),
      );
    }
    const serialization = (p: Record<string, any>) => {
      const style = p.style ?? DEFAULT_STYLE[p.in] ?? "form";
      return `style ${style}, explode ${p.explode ?? style === "form"}`;
    };
    if (serialization(parameter) !== serialization(counterpart)) {
      out.push(
        makeChange(
          "parameter-serialization-changed",
          "request",
          next.key,
          where,
          `${serialization(parameter)} → ${serialization(counterpart)}`,
        ),
      );
    }
    const context: SchemaContext = { oldDoc, newDoc, direction: "request", operation: next.key, location: where, out };
    compareSchema(context, parameterSchema(old, oldKey), parameterSchema(next, newKey));
  }
  for (const [newKey, parameter] of next.parameters) {
    if (seenNew.has(newKey)) continue;
    const where = `${parameter.in} parameter \`${parameter.name}\``;
    out.push(
      makeChange(
        parameter.required ? "parameter-added-required" : "parameter-added-optional",
        "request",
        next.key,
        where,
        `new ${parameter.required ? "required" : "optional"} parameter`,
      ),
    );
  }
}

/** A parameter's schema, from `schema` or from its single `content` entry. */
function parameterSchema(view: OperationView, key: string): SchemaAt {
  const parameter = view.parameters.get(key)!;
  const at = `${pointer("paths", view.path, view.method, "parameters")}/${key}/schema`;
  if (parameter.schema) return { raw: parameter.schema, at };
  const [first] = Object.values<any>(parameter.content ?? {});
  return { raw: first?.schema ?? {}, at };
}

function compareRequestBody(
  oldDoc: OpenApiDocument,
  newDoc: OpenApiDocument,
  old: OperationView,
  next: OperationView,
  out: Change[],
): void {
  const before = old.operation.requestBody ? deref(oldDoc, old.operation.requestBody) : undefined;
  const after = next.operation.requestBody ? deref(newDoc, next.operation.requestBody) : undefined;
  const op = next.key;
  if (!before && !after) return;
  if (!before)
    return void out.push(
      makeChange(
        after!.required ? "request-body-added-required" : "request-body-added-optional",
        "request",
        op,
        "request body",
        "added",
      ),
    );
  if (!after) return void out.push(makeChange("request-body-removed", "request", op, "request body", "removed"));
  if (Boolean(before.required) !== Boolean(after.required)) {
    const detail = after.required ? "optional → required" : "required → optional";
    out.push(
      makeChange(
        after.required ? "request-body-became-required" : "request-body-became-optional",
        "request",
        op,
        "request body",
        detail,
      ),
    );
  }
  const where = (view: OperationView) =>
    refOf(view.operation.requestBody) || pointer("paths", view.path, view.method, "requestBody");
  const oldBodies = bodiesOf(before.content, where(old));
  const newBodies = bodiesOf(after.content, where(next));
  const context: SchemaContext = { oldDoc, newDoc, direction: "request", operation: op, location: "request body", out };
  const several = oldBodies.size > 1 || newBodies.size > 1;
  for (const [mediaType, body] of oldBodies) {
    const counterpart = newBodies.get(mediaType);
    if (counterpart) {
      compareSchema(
        { ...context, location: several ? `request body (${mediaType})` : "request body" },
        body,
        counterpart,
      );
      continue;
    }
    // `body` is the union of every media type's schema: the shape stays if another type takes it.
    const kept = [...newBodies.values()].some((other) => compiles(context, body, other));
    out.push(
      makeChange(
        kept ? "request-media-type-removed" : "request-media-type-removed-only-shape",
        "request",
        op,
        "request body",
        `${mediaType} removed`,
      ),
    );
  }
  for (const mediaType of newBodies.keys()) {
    if (!oldBodies.has(mediaType))
      out.push(makeChange("request-media-type-added", "request", op, "request body", `${mediaType} added`));
  }
}

/** Each media type's schema, with the pointer of where it sits. */
function bodiesOf(content: Record<string, any> | undefined, at: string): Map<string, SchemaAt> {
  const entries = Object.entries<any>(content ?? {});
  return new Map(
    entries.map(([mediaType, media]) => [
      mediaType,
      { raw: media?.schema ?? {}, at: `${at}/content/${mediaType}/schema` },
    ]),
  );
}

/** One body `data` or `error` may hold: a media type of an answer on that side. */
interface Answer {
  side: "data" | "error";
  status: string;
  mediaType: string;
  schema: SchemaAt;
}

function answersOf(document: OpenApiDocument, view: OperationView): Answer[] {
  const answers: Answer[] = [];
  for (const [status, raw] of Object.entries<any>(view.operation.responses ?? {})) {
    const side = answerSide(status);
    if (!side) continue;
    const at = refOf(raw) || pointer("paths", view.path, view.method, "responses", status);
    for (const [mediaType, schema] of bodiesOf(deref(document, raw).content, at))
      answers.push({ side, status, mediaType, schema });
  }
  return answers;
}

/**
 * Statuses and media types come and go as members of the unions `data` and `error`: a new one
 * hurts readers only when no old member of its side compiles against its shape, a removed one
 * only when its side is left with no body at all.
 */
function compareResponses(
  oldDoc: OpenApiDocument,
  newDoc: OpenApiDocument,
  old: OperationView,
  next: OperationView,
  out: Change[],
): void {
  const before: Record<string, any> = old.operation.responses ?? {};
  const after: Record<string, any> = next.operation.responses ?? {};
  const op = next.key;
  const oldAnswers = answersOf(oldDoc, old);
  const newAnswers = answersOf(newDoc, next);
  const context: SchemaContext = { oldDoc, newDoc, direction: "response", operation: op, location: "", out };
  const newShape = (status: string, mediaType?: string) =>
    newAnswers
      .filter((answer) => answer.status === status && (mediaType === undefined || answer.mediaType === mediaType))
      .some((answer) => {
        const known = oldAnswers.filter((other) => other.side === answer.side);
        return known.length > 0 && !known.some((other) => compiles(context, other.schema, answer.schema));
      });
  for (const [status, raw] of Object.entries(before)) {
    if (status in after)
      compareResponse(
        oldDoc,
        newDoc,
        old,
        next,
        status,
        deref(oldDoc, raw),
        deref(newDoc, after[status]),
        newShape,
        out,
      );
    else
      out.push(
        makeChange("response-status-removed", "response", op, `response ${status}`, "status no longer returned"),
      );
  }
  for (const status of Object.keys(after)) {
    if (!(status in before))
      out.push(
        makeChange(
          newShape(status) ? "response-status-added-new-shape" : "response-status-added",
          "response",
          op,
          `response ${status}`,
          "new status",
        ),
      );
  }
  for (const side of ["data", "error"] as const) {
    const had = oldAnswers.filter((answer) => answer.side === side);
    if (had.length === 0 || newAnswers.some((answer) => answer.side === side)) continue;
    for (const status of new Set(had.map((answer) => answer.status))) {
      out.push(makeChange("response-body-gone", "response", op, `response ${status}`, `\`${side}\` has no body left`));
    }
  }
}

function compareResponse(
  oldDoc: OpenApiDocument,
  newDoc: OpenApiDocument,
  old: OperationView,
  next: OperationView,
  status: string,
  before: Record<string, any>,
  after: Record<string, any>,
  newShape: (status: string, mediaType: string) => boolean,
  out: Change[],
): void {
  const op = next.key;
  const where = (view: OperationView, raw: unknown) =>
    refOf(raw) || pointer("paths", view.path, view.method, "responses", status);
  const oldBodies = bodiesOf(before.content, where(old, old.operation.responses[status]));
  const newBodies = bodiesOf(after.content, where(next, next.operation.responses[status]));
  const location = `response ${status}`;
  const several = oldBodies.size > 1 || newBodies.size > 1;
  for (const [mediaType, body] of oldBodies) {
    const counterpart = newBodies.get(mediaType);
    const context: SchemaContext = {
      oldDoc,
      newDoc,
      direction: "response",
      operation: op,
      location: several ? `${location} body (${mediaType})` : `${location} body`,
      out,
    };
    if (counterpart) compareSchema(context, body, counterpart);
    else out.push(makeChange("response-media-type-removed", "response", op, location, `${mediaType} removed`));
  }
  for (const mediaType of newBodies.keys()) {
    if (oldBodies.has(mediaType)) continue;
    const kind = newShape(status, mediaType) ? "response-media-type-added-new-shape" : "response-media-type-added";
    out.push(makeChange(kind, "response", op, location, `${mediaType} added`));
  }
  compareHeaders(oldDoc, newDoc, status, before, after, op, out);
}

function compareHeaders(
  oldDoc: OpenApiDocument,
  newDoc: OpenApiDocument,
  status: string,
  before: Record<string, any>,
  after: Record<string, any>,
  op: string,
  out: Change[],
): void {
  const oldHeaders: Record<string, any> = lowerKeys(before.headers ?? {});
  const newHeaders: Record<string, any> = lowerKeys(after.headers ?? {});
  for (const [name, raw] of Object.entries(oldHeaders)) {
    const header = deref(oldDoc, raw);
    const where = `response ${status} header \`${name}\``;
    if (!(name in newHeaders)) {
      // An optional header could always be missing, so only a required one is felt when it goes.
      if (header.required)
        out.push(makeChange("response-header-removed", "response", op, where, "required header removed"));
      continue;
    }
    const counterpart = deref(newDoc, newHeaders[name]);
    if (Boolean(header.required) !== Boolean(counterpart.required)) {
      const detail = counterpart.required ? "optional → required" : "required → optional";
      out.push(
        makeChange(
          counterpart.required ? "response-header-became-required" : "response-header-became-optional",
          "response",
          op,
          where,
          detail,
        ),
      );
    }
    const context: SchemaContext = { oldDoc, newDoc, direction: "response", operation: op, location: where, out };
    const at = (raw: unknown) => `${refOf(raw) || pointer("responses", status, "headers", name)}/schema`;
    compareSchema(
      context,
      { raw: header.schema ?? {}, at: at(raw) },
      { raw: counterpart.schema ?? {}, at: at(newHeaders[name]) },
    );
  }
  for (const name of Object.keys(newHeaders)) {
    if (!(name in oldHeaders))
      out.push(
        makeChange("response-header-added", "response", op, `response ${status} header \`${name}\``, "new header"),
      );
  }
}

const lowerKeys = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
const refOf = (raw: unknown): string => (typeof (raw as any)?.$ref === "string" ? (raw as any).$ref : "");
