import { posix } from "node:path";
import { expect } from "vitest";
import { OPERATIONS } from "../../generated/operations.ts";
import description from "../../generated/qstash.openapi.json" with { type: "json" };
import type { Received } from "./local-server.ts";

/**
 * The test side's own reading of a request, the way a server that follows the spec would take it,
 * written apart from src/scope.ts on purpose: the hardening tests judge what reached the recording
 * server with it, not with the client's rules.
 */
export interface SpecOperation {
  id: string;
  method: string;
  path: string;
  pathParams: readonly string[];
  /** `filters` are the ones that narrow; `booleans`, the boolean query parameters that do not (see booleanParams). */
  bulk: { ids: string; limit: string | null; filters: readonly string[]; booleans: readonly string[] } | null;
}

/**
 * Query parameters a bulk operation's facts list as filters that cannot narrow by themselves: booleans
 * (`workflowUrlExactMatch` only changes how `workflowUrl` matches; `async` how the call runs). A call
 * that sets only them acts on everything, so the judge does not count them as scope.
 */
function booleanParams(method: string, path: string): Set<string> {
  return new Set(
    queryParams({ method, path })
      .filter((p) => p.schema.type === "boolean")
      .map((p) => p.name),
  );
}

const deref = (node: any, kind: string): any => {
  const doc = description as any;
  return node?.$ref ? deref(doc.components[kind][node.$ref.split("/").pop()], kind) : node;
};

/** The query parameters of an operation in the generated description, `$ref`s followed (schema and array items too). */
export function queryParams(op: { method: string; path: string }): { name: string; schema: any }[] {
  const params: any[] = (description as any).paths[op.path]?.[op.method.toLowerCase()]?.parameters ?? [];
  return params
    .map((p) => deref(p, "parameters"))
    .filter((p) => p.in === "query")
    .map((p) => {
      const schema = deref(p.schema, "schemas");
      return { name: p.name, schema: schema.items ? { ...schema, items: deref(schema.items, "schemas") } : schema };
    });
}

export const OPERATION_LIST: SpecOperation[] = Object.entries(OPERATIONS).map(([id, op]: [string, any]) => {
  if (!op.bulk) return { id, ...op };
  const booleans = booleanParams(op.method, op.path);
  return {
    id,
    ...op,
    bulk: { ...op.bulk, filters: op.bulk.filters.filter((f: string) => !booleans.has(f)), booleans: [...booleans] },
  };
});
/** Every operation the generated facts mark bulk. */
export const BULK_OPERATIONS = OPERATION_LIST.filter((op) => op.bulk);
const BULK_METHODS = new Set(BULK_OPERATIONS.map((op) => op.method));
/**
 * Every template with a path parameter under a bulk operation of the same method: its path starts with
 * the bulk path's segments (`DELETE /v2/dlq/{dlqId}` under `DELETE /v2/dlq`, `DELETE
 * /v2/workflows/dlq/callback/{dlqId}` under `DELETE /v2/workflows/dlq`).
 */
export const UNDER_BULK = OPERATION_LIST.filter(
  (op) =>
    op.pathParams.length &&
    BULK_OPERATIONS.some((bulk) => bulk.method === op.method && op.path.startsWith(`${bulk.path}/`)),
);
/** Templates with path parameters for a method that has bulk operations: what a stray value could turn into one. */
export const SINGLE_ITEM = OPERATION_LIST.filter((op) => op.pathParams.length && BULK_METHODS.has(op.method));

/** A value for every path parameter that the client accepts. */
export const pathValues = (op: Pick<SpecOperation, "pathParams">) =>
  Object.fromEntries(
    op.pathParams.map((n) => [n, n === "destination" || n === "workflowUrl" ? "https://example.com/hook" : `v-${n}`]),
  );

const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}]/gu;
const carriesSomething = (value: string) => value.replace(INVISIBLE, "") !== "";

/**
 * The bulk operation a request reaches without ids or filter (so the server acts on everything), or
 * undefined. The path is read leniently: ASCII escapes decoded, `\` as `/`, dot segments and double or
 * trailing slashes resolved, case ignored; the query as URLSearchParams reads it.
 */
export function everythingCall(method: string, target: string): SpecOperation | undefined {
  const [rawPath = "", ...rest] = target.split("#")[0]!.split("?");
  const decoded = rawPath
    .replace(/%([0-7][0-9a-fA-F])/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\/g, "/");
  const path = posix.normalize(`/${decoded}`).replace(/\/+$/, "").toLowerCase() || "/";
  const query = new URLSearchParams(rest.join("?"));
  const bulk = BULK_OPERATIONS.find((op) => op.method === method && op.path.toLowerCase() === path);
  if (!bulk) return undefined;
  const scoped = [bulk.bulk!.ids, ...bulk.bulk!.filters].some((name) => query.getAll(name).some(carriesSomething));
  return scoped ? undefined : bulk;
}

/** Unicode white space (String#trim misses U+0085) and invisible characters, one by one. */
export const BLANK_CHARS = [
  " ",
  "\t",
  "\n",
  "\v",
  "\f",
  "\r",
  "\u0085",
  "\u00a0",
  "\u1680",
  "\u2000",
  "\u2001",
  "\u2002",
  "\u2003",
  "\u2004",
  "\u2005",
  "\u2006",
  "\u2007",
  "\u2008",
  "\u2009",
  "\u200a",
  "\u2028",
  "\u2029",
  "\u202f",
  "\u205f",
  "\u3000",
  "\u200b",
  "\u200c",
  "\u200d",
  "\u2060",
  "\ufeff",
  "\u180e",
  "\u00ad",
];

/** What one call left on the recording server, and what it threw (undefined when it did not). */
export async function outcomeOf(received: Received[], run: () => Promise<unknown>) {
  const before = received.length;
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, reached: received.slice(before) };
}

/** Nothing reached the server, and the caller got the guard's refusal (a TypeError saying so). */
export async function expectRefused(received: Received[], run: () => Promise<unknown>) {
  const { error, reached } = await outcomeOf(received, run);
  expect(reached.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  expect(error).toBeInstanceOf(TypeError);
  expect((error as Error).message).toMatch(/nothing was sent/);
}
