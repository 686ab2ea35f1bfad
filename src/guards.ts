import { destinationPathValue } from "./destination.ts";
import type { OperationFacts } from "./operation-facts.ts";

/** Path parameters that carry a destination URL or URL group name (see destination.ts). */
const DESTINATION_PARAMS = ["destination", "workflowUrl"];

/** Empty means nothing to match: undefined, null, "", or a list of only such values. */
export const isEmptyValue = (v: unknown): boolean =>
  v === undefined || v === null || v === "" || (Array.isArray(v) && v.every(isEmptyValue));

/**
 * Refuses a path whose template has a parameter with no value: `/v2/dlq/{dlqId}` with an empty
 * id would reach a different operation (`/v2/dlq/`), or a literal `{dlqId}` would be sent.
 * A destination must be an http(s) URL or a URL group name.
 */
export function assertPathParams(path: string, params?: { path?: Record<string, unknown> }): void {
  if (!path.includes("{")) return;
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    const value = params?.path?.[name];
    if (isEmptyValue(value)) throw new TypeError(`${path}: path parameter "${name}" is empty; nothing was sent`);
    if (DESTINATION_PARAMS.includes(name)) destinationPathValue(String(value));
  }
}

/**
 * A bulk operation with no ids and no filter acts on everything (every pending message, the
 * whole DLQ): refuse it, and an explicitly empty id list, before a byte is sent, unless the
 * caller said `all: true`. Ids and filters are looked for in the query and in a JSON body.
 */
export function assertBulkChoice(
  bulk: NonNullable<OperationFacts["bulk"]>,
  route: string,
  query: Record<string, unknown> | undefined,
  body: unknown,
  all: unknown,
): void {
  if (all === true) return;
  const fields: Record<string, unknown> = { ...(body && typeof body === "object" && !Array.isArray(body) ? body : {}), ...query };
  if (bulk.ids in fields && fields[bulk.ids] !== undefined) {
    if (isEmptyValue(fields[bulk.ids])) throw new TypeError(`${route}: "${bulk.ids}" is an empty list, which the server reads as "everything"; nothing was sent (pass all: true to act on everything)`);
    return;
  }
  const names = bulk.filters.length ? bulk.filters : Object.keys(fields).filter((n) => n !== bulk.limit && n !== "cursor");
  if (names.some((n) => !isEmptyValue(fields[n]))) return;
  throw new TypeError(`${route}: no ids and no filter, so this call would act on everything; nothing was sent (pass all: true if that is what you mean)`);
}
