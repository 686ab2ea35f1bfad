import type { OpenApiDocument } from "../spec/build.ts";
import { deref } from "../spec/operations-module.ts";
import { findOperation, type SpecOperation } from "./claims/spec-lookup.ts";
import { findDestinationRoute, findRoute } from "./find-route.ts";

/**
 * The strict request check: what Prism lets through without a word. Prism validates what an operation
 * declares and ignores the rest, so a query parameter or an `Upstash-*` header the spec does not know
 * reaches a mock unseen, and a server that follows the spec drops it. This check judges one request
 * against its operation and names every such place with the fix.
 */

const METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"];
/**
 * The batch operation carries whole publish requests in its body: each entry's headers are the headers
 * of a publish (or, with `queue`, an enqueue) and are judged as such. The spec says so only in prose.
 */
const BATCH_OPERATION = "POST /v2/batch";

/** One request as it went over the wire, reduced to what the check reads. */
export interface StrictRequest {
  method: string;
  /** The path as sent, percent-encoding kept, without the query. */
  path: string;
  /** Query pairs in the order sent; a repeated name appears once per value. */
  query: [string, string][];
  /** Header names as sent (any case) with their values. */
  headers: Record<string, string>;
  /** Present when the request carries a body: its bytes as text, when known. */
  body?: { text?: string };
}

export type StrictFindingKind =
  | "no-route"
  | "method-not-allowed"
  | "undeclared-query"
  | "undeclared-header"
  | "body-not-allowed"
  | "content-type-not-declared"
  | "undeclared-body-field";

export interface StrictFinding {
  kind: StrictFindingKind;
  /** `GET /v2/dlq`, or the request's own method and path when no operation takes it. */
  operation: string;
  /** The parameter, header or field name the finding is about, when there is one. */
  name?: string;
  /** Where: `query parameter \`dlqIds\` of GET /v2/dlq`. */
  place: string;
  /** What would make the request and the spec agree. */
  fix: string;
}

export interface StrictVerdict {
  /** The operation the request targets, `POST /v2/publish/{destination}`; undefined when none does. */
  operation?: string;
  /** The path in the form the template matches (an unencoded destination folded into one segment). */
  canonicalPath: string;
  findings: StrictFinding[];
}

/** Judges one request against the spec: every undeclared thing it carries is a finding. */
export function strictCheck(description: OpenApiDocument, request: StrictRequest): StrictVerdict {
  const method = request.method.toUpperCase();
  const route = locate(description, method, request.path);
  if (!route) return { canonicalPath: request.path, findings: [unroutable(description, method, request.path)] };
  const op = findOperation(description, route.key)!;
  const findings = [
    ...queryFindings(description, op, request),
    ...headerFindings(op, request),
    ...bodyFindings(description, op, request),
  ];
  if (route.key === BATCH_OPERATION) findings.push(...batchEntryFindings(description, request));
  return { operation: route.key, canonicalPath: route.canonicalPath, findings };
}

/** Each batch entry judged as the publish or enqueue request it stands for. */
function batchEntryFindings(description: OpenApiDocument, request: StrictRequest): StrictFinding[] {
  const entries = parseJson(request.body?.text ?? "");
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((entry, index) => {
    if (entry === null || typeof entry !== "object" || typeof entry.destination !== "string") return [];
    const destination = encodeURIComponent(entry.destination);
    // An empty queue (the Go SDK always sends the field) means none, as an absent one does.
    const queue = typeof entry.queue === "string" && entry.queue ? encodeURIComponent(entry.queue) : undefined;
    const path = queue ? `/v2/enqueue/${queue}/${destination}` : `/v2/publish/${destination}`;
    const headers = entry.headers && typeof entry.headers === "object" ? (entry.headers as Record<string, string>) : {};
    const body = entry.body === undefined || entry.body === null ? undefined : { text: String(entry.body) };
    const { findings } = strictCheck(description, { method: "POST", path, query: [], headers, body });
    const where = `batch entry ${index}`;
    return findings.map((finding) => ({
      ...finding,
      place: `${finding.place}, in ${where}`,
      fix: `${finding.fix} (${where})`,
    }));
  });
}

/** True when no finding stands against the request. */
export function isStrictlyClean(verdict: StrictVerdict): boolean {
  return verdict.findings.length === 0;
}

/** One line per finding, for evidence: `undeclared-query: query parameter \`x\` of GET /v2/dlq (fix: …)`. */
export function describeFinding(finding: StrictFinding): string {
  return `${finding.kind}: ${finding.place} (fix: ${finding.fix})`;
}

function locate(
  description: OpenApiDocument,
  method: string,
  path: string,
): { key: string; canonicalPath: string } | undefined {
  const exact = findRoute(description, method, path);
  if (exact.operation) return { key: exact.key, canonicalPath: path };
  const destination = safely(() => findDestinationRoute(description, method, path));
  return destination && { key: destination.key, canonicalPath: destination.canonicalPath };
}

function unroutable(description: OpenApiDocument, method: string, path: string): StrictFinding {
  const routed = (m: string) =>
    findRoute(description, m, path).operation || safely(() => findDestinationRoute(description, m, path));
  const others = METHODS.filter((m) => m !== method && routed(m));
  if (others.length) {
    const template = findRoute(description, others[0], path).key.split(" ")[1] ?? path;
    return {
      kind: "method-not-allowed",
      operation: `${method} ${path}`,
      place: `method ${method} on ${template}`,
      fix: `send ${others.join(" or ")} (the methods the spec gives ${template}), or declare ${method} there`,
    };
  }
  return {
    kind: "no-route",
    operation: `${method} ${path}`,
    place: `path ${path}`,
    fix: "send the request to a path the spec defines, or add the operation to the spec",
  };
}

function queryFindings(description: OpenApiDocument, op: SpecOperation, request: StrictRequest): StrictFinding[] {
  const declared = new Set([
    ...op.parameters.filter((p) => p.in === "query").map((p) => p.name),
    ...queryTokenNames(description, op),
  ]);
  const sent = [...new Set(request.query.map(([name]) => name))];
  return sent
    .filter((name) => !declared.has(name))
    .map((name) => ({
      kind: "undeclared-query",
      operation: op.key,
      name,
      place: `query parameter \`${name}\` of ${op.key}`,
      fix: `declare \`${name}\` (in: query) on ${op.key}, or stop sending it`,
    }));
}

/** A token in the query (`qstash_token`) is declared by a security scheme, not a parameter. */
function queryTokenNames(description: OpenApiDocument, op: SpecOperation): string[] {
  const requirements: Record<string, unknown>[] = op.operation.security ?? description.security ?? [];
  const schemes = description.components?.securitySchemes ?? {};
  return requirements
    .flatMap((requirement) => Object.keys(requirement))
    .map((name) => deref(description, schemes[name]))
    .filter((scheme) => scheme?.type === "apiKey" && scheme.in === "query")
    .map((scheme) => scheme.name as string);
}

function headerFindings(op: SpecOperation, request: StrictRequest): StrictFinding[] {
  const declared = new Set(op.parameters.filter((p) => p.in === "header").map((p) => p.name.toLowerCase()));
  const families: string[] = (op.operation["x-qstash-header-families"] ?? []).map((prefix: string) =>
    prefix.toLowerCase(),
  );
  const inFamily = (name: string) => families.some((prefix) => name.startsWith(prefix) && name.length > prefix.length);
  return Object.keys(request.headers)
    .filter((name) => name.toLowerCase().startsWith("upstash-"))
    .filter((name) => !declared.has(name.toLowerCase()) && !inFamily(name.toLowerCase()))
    .map((name) => ({
      kind: "undeclared-header",
      operation: op.key,
      name,
      place: `header \`${name}\` of ${op.key}`,
      fix: `declare \`${name}\` (in: header) on ${op.key}${families.length ? "" : " or a header family"}, or stop sending it`,
    }));
}

function bodyFindings(description: OpenApiDocument, op: SpecOperation, request: StrictRequest): StrictFinding[] {
  if (!request.body) return [];
  const requestBody = deref(description, op.operation.requestBody);
  if (!requestBody) {
    const fix = `send ${op.key} without a body, or give the operation a requestBody`;
    return [{ kind: "body-not-allowed", operation: op.key, place: `request body of ${op.key}`, fix }];
  }
  // Bytes sent without a type are application/octet-stream to the receiver (RFC 9110, section 8.3).
  const contentType = mediaType(headerValue(request.headers, "content-type")) || "application/octet-stream";
  const declared = Object.keys(requestBody.content ?? {});
  const match = declared.find((type) => mediaMatches(type, contentType));
  if (!match) {
    return [
      {
        kind: "content-type-not-declared",
        operation: op.key,
        name: contentType,
        place: `Content-Type ${contentType} of ${op.key}`,
        fix: `send one of ${declared.join(", ")}, or declare ${contentType} in the requestBody`,
      },
    ];
  }
  if (!/json/.test(match) || request.body.text === undefined) return [];
  const schema = deref(description, requestBody.content[match].schema);
  return undeclaredFields(description, schema, parseJson(request.body.text)).map((field) => ({
    kind: "undeclared-body-field",
    operation: op.key,
    name: field,
    place: `body field \`${field}\` of ${op.key}`,
    fix: `declare \`${field}\` in the requestBody schema of ${op.key}, or stop sending it`,
  }));
}

/** Top-level fields of a JSON object (or of each object in an array) that the schema's properties do not name. */
function undeclaredFields(description: OpenApiDocument, schema: any, value: unknown): string[] {
  if (Array.isArray(value) && schema?.type === "array") {
    return [...new Set(value.flatMap((item) => undeclaredFields(description, deref(description, schema.items), item)))];
  }
  const names = propertyNames(description, schema);
  if (!names || value === null || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.keys(value).filter((key) => !names.has(key));
}

/** The properties a schema names, through allOf/oneOf/anyOf; undefined when it names none (a free-form object). */
function propertyNames(description: OpenApiDocument, schema: any): Set<string> | undefined {
  const resolved = deref(description, schema);
  if (!resolved || typeof resolved !== "object") return undefined;
  const parts = [
    resolved,
    ...["allOf", "oneOf", "anyOf"].flatMap((k) => (resolved[k] ?? []).map((s: unknown) => deref(description, s))),
  ];
  const names = parts.flatMap((part) => Object.keys(part?.properties ?? {}));
  return names.length ? new Set(names) : undefined;
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

function mediaType(value: string | undefined): string {
  return (value ?? "").split(";")[0].trim().toLowerCase();
}

function mediaMatches(declared: string, sent: string): boolean {
  if (declared === "*/*" || declared === sent) return true;
  return declared.endsWith("/*") && sent.startsWith(declared.slice(0, -1));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
