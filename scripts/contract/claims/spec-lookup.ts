import type { OpenApiDocument } from "../../spec/build.ts";
import { deref } from "../../spec/operations-module.ts";
import { findRoute } from "../find-route.ts";

/** Reading the corrected description the way a check needs it: resolved, by method and path. */

export interface SpecParameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required: boolean;
  deprecated: boolean;
  schema: Record<string, any>;
}

export interface SpecOperation {
  key: string;
  method: string;
  path: string;
  operation: Record<string, any>;
  parameters: SpecParameter[];
}

/** `DELETE /v2/dlq` → the operation, or undefined when the spec has no such method and path. */
export function findOperation(description: OpenApiDocument, key: string): SpecOperation | undefined {
  const [method, path] = key.split(" ");
  const item = description.paths?.[path];
  const operation = item?.[method.toLowerCase()];
  if (!operation) return undefined;
  const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((raw: any) => {
    const p = deref(description, raw);
    return {
      name: p.name,
      in: p.in,
      required: p.required === true,
      deprecated: p.deprecated === true,
      schema: resolveSchema(description, p.schema ?? {}),
    };
  });
  return { key, method: method.toUpperCase(), path, operation, parameters };
}

/** Resolves $refs at the top of a schema and inside its properties/items (enough for our checks). */
export function resolveSchema(description: OpenApiDocument, schema: any): Record<string, any> {
  const resolved = deref(description, schema) ?? {};
  const out: Record<string, any> = { ...resolved };
  if (resolved.items) out.items = resolveSchema(description, resolved.items);
  if (resolved.properties)
    out.properties = Object.fromEntries(
      Object.entries<any>(resolved.properties).map(([k, v]) => [k, resolveSchema(description, v)]),
    );
  return out;
}

export function requestBodySchema(description: OpenApiDocument, op: SpecOperation): Record<string, any> | undefined {
  const body = deref(description, op.operation.requestBody);
  const media = body?.content?.["application/json"];
  return media ? resolveSchema(description, media.schema ?? {}) : undefined;
}

export function declaredStatuses(op: SpecOperation): string[] {
  return Object.keys(op.operation.responses ?? {});
}

export function responseSchema(
  description: OpenApiDocument,
  op: SpecOperation,
  status: number,
): Record<string, any> | undefined {
  const response = deref(description, op.operation.responses?.[String(status)]);
  const media = response?.content?.["application/json"];
  return media ? resolveSchema(description, media.schema ?? {}) : undefined;
}

/** The schema of a field path like `messages[].dlqId` inside a response schema. */
export function fieldSchema(schema: Record<string, any> | undefined, field: string): Record<string, any> | undefined {
  let node = schema;
  for (const part of field.split(".")) {
    const isList = part.endsWith("[]");
    node = node?.properties?.[isList ? part.slice(0, -2) : part];
    if (isList) node = node?.items;
  }
  return node;
}

/** A schema's type in the catalog's words: string, integer, number, boolean, object, string[], … */
export function typeName(schema: Record<string, any> | undefined): string {
  if (!schema) return "nothing";
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  if (type === "array") return `${typeName(schema.items)}[]`;
  return type ?? "any";
}

export type TypeFit = "same" | "compatible" | "scalar-for-list" | "list-for-scalar" | "different";

/** How a page's type relates to the spec's: "number" on a page fits an integer in the spec. */
export function compareTypes(page: string, spec: string): TypeFit {
  if (page === spec) return "same";
  if ((page === "number" && spec === "integer") || (page === "integer" && spec === "number")) return "compatible";
  if (`${page}[]` === spec || (page === "number" && spec === "integer[]")) return "scalar-for-list";
  if (page === `${spec}[]`) return "list-for-scalar";
  return "different";
}

/** The operation a concrete path (`/v2/workflows/dlq/abc`) reaches, literal segments first; undefined if none. */
export function matchOperation(
  description: OpenApiDocument,
  method: string,
  concretePath: string,
): SpecOperation | undefined {
  const route = findRoute(description, method, concretePath);
  return route.operation ? findOperation(description, route.key) : undefined;
}
