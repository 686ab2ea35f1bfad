import { deref, type OpenApiDocument } from "./load-description.ts";

export const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

/** One operation of a description, with path-level parameters folded in and $refs followed. */
export interface OperationView {
  /** `DELETE /v2/dlq`. */
  key: string;
  /** `DELETE /v2/dlq/{}`: path parameter names left out, so that a rename still matches. */
  match: string;
  method: string;
  path: string;
  operation: Record<string, any>;
  /** `query:url` → parameter object. */
  parameters: Map<string, Record<string, any>>;
  /** Path parameter names in the order they appear in the path. */
  pathNames: string[];
  /** Each alternative as sorted scheme names joined by `+`; `(none)` when no credentials are needed. */
  security: string[];
}

export function operationsOf(document: OpenApiDocument): Map<string, OperationView> {
  const views = new Map<string, OperationView>();
  for (const [path, rawItem] of Object.entries<any>(document.paths ?? {})) {
    const item = deref(document, rawItem ?? {});
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = new Map<string, Record<string, any>>();
      for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        const parameter = deref(document, raw);
        parameters.set(`${parameter.in}:${parameter.name}`, parameter);
      }
      const requirements: Record<string, unknown>[] = operation.security ?? document.security ?? [];
      const security = requirements.length === 0 ? ["(none)"] : requirements.map((req) => Object.keys(req).sort().join("+") || "(none)");
      const upper = method.toUpperCase();
      views.set(`${upper} ${path.replace(/\{[^}]*\}/g, "{}")}`, {
        key: `${upper} ${path}`,
        match: `${upper} ${path.replace(/\{[^}]*\}/g, "{}")}`,
        method,
        path,
        operation,
        parameters,
        pathNames: [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]),
        security: [...new Set(security)].sort(),
      });
    }
  }
  return views;
}

export const isSuccess = (status: string) => /^2(\d\d|XX)$/i.test(status);
