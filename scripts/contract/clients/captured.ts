import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { OpenApiDocument } from "../../spec/build.ts";
import { SDK_FIXTURES_DIR } from "../../captures/capture-sdks.ts";
import type { CapturedName, CaptureFile, SdkCapture } from "../../captures/capture-types.ts";
import { deref } from "../../spec/operations-module.ts";
import { findOperation } from "../claims/spec-lookup.ts";
import { findDestinationRoute, findRoute } from "../find-route.ts";
import { SAMPLE } from "./calls/call.ts";
import { placeholderSample, sampleOf } from "./sample-values.ts";

/**
 * The Python and Go SDKs cannot run here; their requests were captured from source (scripts/captures/)
 * as names. Each capture becomes one concrete request, with values from the spec where it declares
 * the name, so the same recorder, mock and strict check judge it as they judge a live TypeScript call.
 */

export const CAPTURED_SDKS = ["qstash-py", "qstash-go"] as const;

export function loadCaptures(sdk: string, dir = SDK_FIXTURES_DIR): CaptureFile {
  return JSON.parse(readFileSync(join(dir, `${sdk}.json`), "utf8")) as CaptureFile;
}

export interface ConcreteRequest {
  method: string;
  /** Path with sample values, destination unencoded as the SDKs send it, plus the query. */
  target: string;
  headers: Record<string, string>;
  body?: string;
}

export function concreteRequest(description: OpenApiDocument, capture: SdkCapture): ConcreteRequest {
  const { request } = capture;
  const method = request.method ?? "GET";
  const path = (request.path ?? "/").replace(/\{([^}]+)\}/g, (_, name: string) => placeholderSample(name));
  const exact = findRoute(description, method, path);
  const route = exact.operation ? exact : findDestinationRoute(description, method, path);
  const op = route?.operation ? findOperation(description, route.key) : undefined;
  const declared = (where: string, name: string) =>
    op?.parameters.find((p) => p.in === where && sameName(p.name, name));
  const query = new URLSearchParams();
  for (const { name } of request.query) {
    const parameter = declared("query", name);
    query.append(name, textOf(parameter ? sampleOf(description, parameter.schema) : "sample"));
  }
  const headers = headerValues(description, request.headers, (name) => declared("header", name)?.schema);
  const body = bodyText(description, op?.operation, request.body, headers);
  const search = query.toString();
  return { method, target: search ? `${path}?${search}` : path, headers, body };
}

function headerValues(
  description: OpenApiDocument,
  names: CapturedName[],
  schemaOf: (name: string) => unknown,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { name } of names) {
    // A family (`Upstash-Forward-*`) is sent as one member of it.
    const concrete = name.endsWith("*") ? `${name.slice(0, -1).replace(/-$/, "")}-X-Sample` : name;
    const schema = schemaOf(concrete);
    headers[concrete] =
      name.toLowerCase() === "content-type" ? "" : textOf(schema ? sampleOf(description, schema) : "sample");
  }
  return headers;
}

type CapturedBody = SdkCapture["request"]["body"];

function bodyText(
  description: OpenApiDocument,
  operation: any,
  body: CapturedBody,
  headers: Record<string, string>,
): string | undefined {
  const contentTypeKey = Object.keys(headers).find((k) => k.toLowerCase() === "content-type");
  if (body.kind === "none") {
    if (contentTypeKey) headers[contentTypeKey] = "application/json";
    return undefined;
  }
  if (body.kind === "raw") {
    if (contentTypeKey) headers[contentTypeKey] = "text/plain";
    return "sample payload";
  }
  if (contentTypeKey) headers[contentTypeKey] = "application/json";
  const schema = operation?.requestBody ? deepSchema(description, operation) : undefined;
  const names = body.fields.map((f) => f.name);
  if (names.includes("destination") && names.includes("headers"))
    return JSON.stringify([batchEntry(description, body)]);
  const value: Record<string, unknown> = {};
  for (const name of names)
    value[name] = schema?.properties?.[name] ? sampleOf(description, schema.properties[name]) : "sample";
  return JSON.stringify(value);
}

/**
 * One batch entry with every field and entry header the SDK can set. The queue is optional in every
 * SDK's batch, so the entry is judged as the publish it is without one (an enqueue has its own case).
 */
function batchEntry(
  description: OpenApiDocument,
  body: Extract<CapturedBody, { kind: "json" }>,
): Record<string, unknown> {
  const publish = findOperation(description, "POST /v2/publish/{destination}");
  const schemaOf = (name: string) =>
    publish?.parameters.find((p) => p.in === "header" && sameName(p.name, name))?.schema;
  const headers = headerValues(description, body.entryHeaders ?? [], schemaOf);
  for (const key of Object.keys(headers)) if (key.toLowerCase() === "content-type") headers[key] = "text/plain";
  const entry: Record<string, unknown> = { destination: SAMPLE.url, headers, body: "sample payload" };
  for (const { name } of body.fields) if (!(name in entry) && name !== "queue") entry[name] = "sample";
  return entry;
}

function deepSchema(description: OpenApiDocument, operation: any): any {
  const content = deref(description, operation.requestBody)?.content ?? {};
  const json = Object.entries<any>(content).find(([type]) => type.includes("json"))?.[1];
  return deref(description, json?.schema);
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function textOf(value: unknown): string {
  return Array.isArray(value) ? String(value[0]) : typeof value === "object" ? JSON.stringify(value) : String(value);
}
