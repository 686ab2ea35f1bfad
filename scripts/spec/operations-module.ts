import type { OpenApiDocument } from "./build.ts";
import { resolvePointer } from "./pointer.ts";
import { SpecError } from "./spec-error.ts";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

/**
 * The runtime facts the client needs from the description, as a TypeScript module: servers,
 * and per operation its method, path, parameter names by location, and our `x-qstash-*`
 * annotations (which operations act in bulk, which are paginated). Types come from schema.ts;
 * this file holds only values.
 */
export function operationsModule(description: OpenApiDocument, file?: string): string {
  const operations = describeOperations(description, file);
  const servers = (description.servers ?? []).map((s: any) => ({
    url: s.url,
    variables: Object.fromEntries(
      Object.entries<any>(s.variables ?? {}).map(([k, v]) => [k, { default: v.default, enum: v.enum ?? null }]),
    ),
  }));
  return [
    `export const SERVERS = ${JSON.stringify(servers, null, 2)} as const;`,
    "",
    `export const OPERATIONS = ${JSON.stringify(operations, null, 2)} as const;`,
    "",
    "export type OperationId = keyof typeof OPERATIONS;",
    "",
  ].join("\n");
}

export interface OperationFacts {
  method: string;
  path: string;
  tag: string | null;
  pathParams: string[];
  query: string[];
  headers: string[];
  hasBody: boolean;
  /** Present on bulk operations whose call without ids or filters acts on everything; max is the documented cap of `limit`. */
  bulk: { ids: string; limit: string | null; max: number | null; filters: string[] } | null;
  pagination: { cursor: string; items?: string } | null;
  /** The path parameter that carries a destination URL (`x-qstash-destination`). */
  destination: string | null;
  /** Header-name prefixes forwarded as families (`x-qstash-header-families`). */
  headerFamilies: string[] | null;
}

/** Per operationId, the facts above, read from a (corrected) description. */
export function describeOperations(
  description: OpenApiDocument,
  file = "the description",
): Record<string, OperationFacts> {
  const operations: Record<string, OperationFacts> = {};
  for (const [path, item] of Object.entries<any>(description.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: any) => deref(description, p));
      const names = (where: string) => params.filter((p: any) => p.in === where).map((p: any) => p.name as string);
      const pagination = op["x-qstash-pagination"] ?? null;
      const bulk = op["x-qstash-bulk"] ?? null;
      // Options change how a bulk call runs (async=true), they choose nothing: never a filter. An
      // option a revision does not publish yet is simply not there to exclude.
      const notFilters = new Set([bulk?.ids, bulk?.limit, pagination?.cursor, ...(bulk?.options ?? [])]);
      // A boolean narrows nothing by itself: it changes how the other filters match
      // (workflowUrlExactMatch) or how the call runs (async), so a call with only it acts on everything.
      for (const p of params)
        if (p.in === "query" && deref(description, p.schema)?.type === "boolean") notFilters.add(p.name);
      const where = `paths.${path}.${method}`;
      const destination = op["x-qstash-destination"];
      if (destination !== undefined && !names("path").includes(destination)) {
        throw new SpecError(
          file,
          where,
          `x-qstash-destination names ${destination}, which is not a path parameter here`,
          `name one of: ${names("path").join(", ") || "(none)"}`,
        );
      }
      operations[op.operationId] = {
        method: method.toUpperCase(),
        path,
        tag: op.tags?.[0] ?? null,
        pathParams: names("path"),
        query: names("query"),
        headers: names("header"),
        hasBody: Boolean(op.requestBody),
        bulk: bulk && {
          ids: bulk.ids,
          limit: bulk.limit ?? null,
          max:
            deref(description, params.find((p: any) => p.in === "query" && p.name === bulk.limit)?.schema)?.maximum ??
            null,
          filters: names("query").filter((n: string) => !notFilters.has(n)),
        },
        pagination,
        destination: op["x-qstash-destination"] ?? null,
        headerFamilies: op["x-qstash-header-families"] ?? null,
      };
    }
  }
  return operations;
}

export function deref(description: OpenApiDocument, node: any): any {
  let current = node;
  // A loop of pure references is refused by the spec check; the bound keeps a corrected one from hanging.
  for (let hops = 0; current && typeof current.$ref === "string" && hops < 32; hops++) {
    current = resolvePointer(description, current.$ref.slice(1));
  }
  return current;
}
