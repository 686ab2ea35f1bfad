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
      const security =
        requirements.length === 0
          ? ["(none)"]
          : requirements.map((req) => Object.keys(req).sort().join("+") || "(none)");
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

/**
 * Which of openapi-fetch's results an answer's bodies are typed into: `data` for the statuses of
 * openapi-typescript-helpers' OkStatus, `error` for its ErrorStatus list; any other status (205,
 * 3xx, 419…) is in neither type.
 */
export function answerSide(status: string): "data" | "error" | null {
  const code = status.toUpperCase() === "DEFAULT" ? "default" : status.toUpperCase();
  if (DATA_STATUSES.has(code)) return "data";
  if (ERROR_STATUSES.has(code)) return "error";
  return null;
}

const DATA_STATUSES = new Set(["200", "201", "202", "203", "204", "206", "207", "2XX"]);
const ERROR_STATUSES = new Set([
  ..."500 501 502 503 504 505 506 507 508 510 511 5XX".split(" "),
  ..."400 401 402 403 404 405 406 407 408 409 410 411 412 413 414 415 416 417 418 420 421".split(" "),
  ..."422 423 424 425 426 427 428 429 430 431 444 450 451 497 498 499 4XX default".split(" "),
]);

/** A JSON pointer from its parts (`#/paths/~1v2~1dlq/get`). */
export function pointer(...parts: string[]): string {
  return `#/${parts.map((part) => part.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
}
