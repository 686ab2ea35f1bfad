import { OPERATIONS, SERVERS } from "../generated/operations.ts";

/**
 * The few facts the client and its helpers act on at run time, derived from generated/operations.ts and
 * the generated description. scripts/build-package.ts evaluates this module at build time and inlines
 * each export as data, so the published bundle carries only these facts, never the whole table; each
 * export is its own constant, so a bundle that does not use one (pagination, the cancel helper) drops it.
 */

/** A bulk operation (`x-qstash-bulk`): a call with no ids and no filter acts on everything. */
export interface BulkFacts {
  method: string;
  path: string;
  /** The query parameter of the ids, and the filters: what scopes a call (see scope.ts). */
  ids: string;
  filters: readonly string[];
  /** The query parameter that caps how many items one call acts on, if the spec has one. */
  limit?: string;
}

type Operation = (typeof OPERATIONS)[keyof typeof OPERATIONS];
const LIST = Object.values(OPERATIONS) as Operation[];
const route = (op: Operation) => `${op.method} ${op.path}`;

export const BULK: BulkFacts[] = LIST.flatMap((op) => {
  const bulk = op.bulk as { ids: string; limit: string | null; filters: readonly string[] } | null;
  if (!bulk) return [];
  const facts: BulkFacts = { method: op.method, path: op.path, ids: bulk.ids, filters: bulk.filters };
  if (bulk.limit) facts.limit = bulk.limit;
  return [facts];
});

/** Header-name prefixes each operation forwards as families (`Upstash-Forward-`, …), by `METHOD path`. */
export const FAMILIES: Record<string, readonly string[]> = Object.fromEntries(
  LIST.flatMap((op) => {
    const families = op.headerFamilies as readonly string[] | null;
    return families?.length ? [[route(op), families]] : [];
  }),
);

/**
 * The path parameter that carries a destination (a URL or URL group name, see destination.ts), by
 * `METHOD path`: `destination` of publish and enqueue, `workflowUrl` of trigger, and `scheduleId`
 * of schedule creation, whose path segment is the destination (`x-qstash-destination`).
 */
export const DESTINATIONS: Record<string, string> = Object.fromEntries(
  LIST.flatMap((op) => (op.destination ? [[route(op), op.destination as string]] : [])),
);

/** Cursor-paginated operations (`x-qstash-pagination`) by `METHOD path`: the cursor, and the item list if any. */
export const PAGINATION: Record<string, { cursor: string; items?: string }> = Object.fromEntries(
  LIST.flatMap((op) => {
    const pagination = op.pagination as { cursor: string; items?: string } | null;
    return pagination ? [[route(op), { ...pagination }]] : [];
  }),
);

/** The query parameter that makes a filter-based bulk cancel return at once with a bulk action to follow. */
const ASYNC = "async";

/**
 * What cancelMessages needs: the bulk cancel's facts; `async`, its query parameter for running as a
 * background bulk action, when the spec documents one; `follow`, the template that reads a bulk action.
 */
export const CANCEL = (() => {
  const cancel = OPERATIONS.bulkCancelMessages;
  const follow = OPERATIONS.getBulkAction;
  return {
    // Stryker disable next-line LogicalOperator,ConditionalExpression: the cancel is BULK[0]: half the test finds it
    ...BULK.find((facts) => facts.method === cancel.method && facts.path === cancel.path)!,
    async: (cancel.query as readonly string[]).includes(ASYNC) ? ASYNC : undefined,
    // Stryker disable next-line ConditionalExpression,OptionalChaining: the spec has GET /v2/bulkActions/{actionId}
    follow: follow?.method === "GET" ? follow.path : undefined,
  };
})();

/**
 * Where calls go by default: the spec's first server that needs no variables (a template such as
 * `https://qstash-{region}…` is no address by itself); and its regional server (the one with a `region`
 * variable) as a template with the regions it lists, if it has one.
 */
export const SERVER = (() => {
  const regional = SERVERS.find((server) => "region" in server.variables) as
    | { url: string; variables: { region: { enum?: readonly string[] } } }
    | undefined;
  const plain = SERVERS.find((server) => Object.keys(server.variables).length === 0) ?? SERVERS[0];
  // Stryker disable next-line OptionalChaining,ArrayDeclaration: the spec has a regional server listing its regions
  return { url: plain.url as string, regional: regional?.url, regions: regional?.variables.region.enum ?? [] };
})();
