import { deref, type OpenApiDocument } from "../diff/load-description.ts";
import { METHODS } from "../diff/operations.ts";
import { SOURCE_KEY } from "./sources.ts";
import { isOurAnnotation } from "./strip-prose.ts";

/**
 * Puts back what is ours onto a prose-free published description: per operation (matched by
 * method and path) our operationId, tags, summary, description and `x-qstash-*` annotations;
 * our wording of parameters, bodies, responses, headers, schema fields, tags and servers; our
 * `info`. An operation we do not have yet gets an operationId from its published summary and
 * a short factual summary and description made from its method and path. Returns the names of
 * the operations it had to invent words for.
 */
export function carryOver(
  incoming: OpenApiDocument,
  ours: OpenApiDocument,
  publishedSummaries: Map<string, string>,
): string[] {
  const invented: string[] = [];
  incoming.info = { ...structuredClone(ours.info ?? {}), version: incoming.info?.version ?? ours.info?.version };
  for (const server of incoming.servers ?? []) {
    const mine = (ours.servers ?? []).find((s: any) => s.url === server.url);
    if (mine?.description) server.description = mine.description;
  }
  const ourOps = operationIndex(ours);
  const usedIds = new Set<string>([...ourOps.values()].map((o) => o.operation.operationId).filter(Boolean));
  for (const [path, item] of Object.entries<any>(incoming.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const mine = ourOps.get(matchKey(method, path));
      if (mine) carryOperation(operation, mine.operation, ours, renamedPathParameters(mine.path, path));
      else {
        invented.push(`${method.toUpperCase()} ${path}`);
        operation.operationId = uniqueId(publishedSummaries.get(`${method} ${path}`), method, path, usedIds);
        operation.summary = `${method.toUpperCase()} ${path}`;
        operation.description = `Added by sync from the published description: \`${method.toUpperCase()} ${path}\`.`;
      }
      for (const [status, response] of Object.entries<any>(operation.responses ?? {})) {
        if (!response.$ref && !response.description) response.description = `Answer with status ${status}.`;
      }
      headerFamiliesFromFacts(operation);
    }
  }
  carryComponents(incoming, ours);
  incoming.tags = tagsFor(incoming, ours);
  return invented;
}

/**
 * A published header parameter named `<prefix>*` stands for a family of headers (every name with
 * that prefix). The families an operation takes are its `x-qstash-header-families`, read from
 * these facts whenever the file publishes any, so that the annotation never lags behind them.
 */
function headerFamiliesFromFacts(operation: any): void {
  const families = (operation.parameters ?? [])
    .filter((p: any) => p?.in === "header" && typeof p.name === "string" && p.name.endsWith("*"))
    .map((p: any) => p.name.slice(0, -1));
  if (families.length > 0) operation[HEADER_FAMILIES_KEY] = families;
}

const HEADER_FAMILIES_KEY = "x-qstash-header-families";
const DESTINATION_KEY = "x-qstash-destination";

const matchKey = (method: string, path: string) => `${method} ${path.replace(/\{[^}]*\}/g, "{}")}`;

function operationIndex(doc: OpenApiDocument): Map<string, { path: string; operation: any }> {
  const index = new Map<string, { path: string; operation: any }>();
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const method of METHODS)
      if (item?.[method]) index.set(matchKey(method, path), { path, operation: item[method] });
  }
  return index;
}

/** Our path parameter names → the published ones, by position: a renamed path parameter is the same parameter. */
function renamedPathParameters(ourPath: string, path: string): Map<string, string> {
  const names = (template: string) => [...template.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  const published = names(path);
  return new Map(names(ourPath).map((name, index) => [name, published[index] ?? name]));
}

function carryOperation(operation: any, mine: any, ours: OpenApiDocument, renamed: Map<string, string>): void {
  for (const key of ["operationId", "tags", "summary", "description"])
    if (mine[key] !== undefined) operation[key] = structuredClone(mine[key]);
  // Which file an operation came from is the merge's to say, not our old spec's.
  for (const [key, value] of Object.entries(mine))
    if (isOurAnnotation(key) && key !== SOURCE_KEY) operation[key] = structuredClone(value);
  // The annotation that names a path parameter follows it when upstream renames it.
  const destination = operation[DESTINATION_KEY];
  if (typeof destination === "string" && renamed.has(destination))
    operation[DESTINATION_KEY] = renamed.get(destination);
  const myParams = (mine.parameters ?? []).map((p: any) => deref(ours, p));
  for (const parameter of operation.parameters ?? []) {
    if (parameter.$ref) continue;
    const ourName = (p: any) => (p.in === "path" ? (renamed.get(p.name) ?? p.name) : p.name);
    const match = myParams.find((p: any) => ourName(p) === parameter.name && p.in === parameter.in);
    if (match) copyOurs(parameter, match);
    if (match?.schema && parameter.schema) carrySchema(parameter.schema, match.schema, ours);
  }
  if (operation.requestBody && !operation.requestBody.$ref && mine.requestBody)
    carryBody(operation.requestBody, deref(ours, mine.requestBody), ours);
  for (const [status, response] of Object.entries<any>(operation.responses ?? {})) {
    const myResponse = mine.responses?.[status];
    if (!response.$ref && myResponse) carryBody(response, deref(ours, myResponse), ours);
  }
}

/** Request bodies, responses and headers: their description and their schemas' field wording. */
function carryBody(target: any, mine: any, ours: OpenApiDocument): void {
  if (mine.description) target.description = mine.description;
  for (const [mediaType, media] of Object.entries<any>(target.content ?? {})) {
    const myMedia = mine.content?.[mediaType];
    if (myMedia) copyOurs(media, myMedia);
    if (media?.schema && myMedia?.schema) carrySchema(media.schema, myMedia.schema, ours);
  }
  for (const [name, header] of Object.entries<any>(target.headers ?? {})) {
    const myHeader = Object.entries<any>(mine.headers ?? {}).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
    if (myHeader && !header.$ref) carryBody(header, deref(ours, myHeader), ours);
  }
}

/** Walks two schemas side by side and copies our field descriptions; stops at the incoming's $refs (named components are carried by name). */
function carrySchema(target: any, mine: any, ours: OpenApiDocument, depth = 0): void {
  if (!target || typeof target !== "object" || target.$ref || depth > 12) return;
  const resolved = deref(ours, mine);
  if (!resolved || typeof resolved !== "object") return;
  copyOurs(target, resolved);
  for (const [name, property] of Object.entries<any>(target.properties ?? {})) {
    if (resolved.properties?.[name]) carrySchema(property, resolved.properties[name], ours, depth + 1);
  }
  if (target.items && resolved.items) carrySchema(target.items, resolved.items, ours, depth + 1);
  if (isObject(target.additionalProperties) && isObject(resolved.additionalProperties))
    carrySchema(target.additionalProperties, resolved.additionalProperties, ours, depth + 1);
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    (target[key] ?? []).forEach(
      (member: any, index: number) =>
        resolved[key]?.[index] && carrySchema(member, resolved[key][index], ours, depth + 1),
    );
  }
}

function carryComponents(incoming: OpenApiDocument, ours: OpenApiDocument): void {
  const theirs = incoming.components ?? {};
  const mine = ours.components ?? {};
  for (const [name, schema] of Object.entries<any>(theirs.schemas ?? {}))
    if (mine.schemas?.[name]) carrySchema(schema, mine.schemas[name], ours);
  for (const [name, parameter] of Object.entries<any>(theirs.parameters ?? {})) {
    const myParameter = mine.parameters?.[name];
    if (myParameter?.description) parameter.description = myParameter.description;
  }
  for (const [name, response] of Object.entries<any>(theirs.responses ?? {})) {
    if (mine.responses?.[name]) carryBody(response, deref(ours, mine.responses[name]), ours);
    if (!response.description) response.description = `Shared answer \`${name}\`.`;
  }
  for (const [name, body] of Object.entries<any>(theirs.requestBodies ?? {}))
    if (mine.requestBodies?.[name]) carryBody(body, deref(ours, mine.requestBodies[name]), ours);
  for (const [name, header] of Object.entries<any>(theirs.headers ?? {}))
    if (mine.headers?.[name]) carryBody(header, deref(ours, mine.headers[name]), ours);
  for (const [name, scheme] of Object.entries<any>(theirs.securitySchemes ?? {})) {
    if (mine.securitySchemes?.[name]?.description) scheme.description = mine.securitySchemes[name].description;
  }
}

/** Our tags (with our words) that operations still use, then any new tag names the operations bring. */
function tagsFor(incoming: OpenApiDocument, ours: OpenApiDocument): any[] {
  const used = new Set<string>();
  for (const item of Object.values<any>(incoming.paths ?? {}))
    for (const method of METHODS) for (const tag of item?.[method]?.tags ?? []) used.add(tag);
  const mine = (ours.tags ?? []).filter((tag: any) => used.has(tag.name)).map((tag: any) => structuredClone(tag));
  const known = new Set(mine.map((tag: any) => tag.name));
  return [...mine, ...[...used].filter((name) => !known.has(name)).map((name) => ({ name }))];
}

/** camelCase of the published summary (`Bulk Delete DLQ messages` → `bulkDeleteDlqMessages`), made unique. */
export function operationIdFrom(summary: string | undefined, method: string, path: string): string {
  const words = (summary && /[a-z0-9]/i.test(summary) ? summary : `${method} ${path}`)
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words
    .map((word, index) => (index === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1).toLowerCase()))
    .join("");
}

function uniqueId(summary: string | undefined, method: string, path: string, used: Set<string>): string {
  let id = operationIdFrom(summary, method, path);
  if (used.has(id)) id = operationIdFrom(undefined, method, path);
  for (let n = 2; used.has(id); n++) id = `${operationIdFrom(undefined, method, path)}${n}`;
  used.add(id);
  return id;
}

/** Our words and our sample values: the vendor's were stripped, ours are kept where the place still exists. */
function copyOurs(target: any, mine: any): void {
  for (const key of ["description", "example", "examples"])
    if (mine[key] !== undefined && target[key] === undefined) target[key] = structuredClone(mine[key]);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
