import type { OPERATIONS } from "../generated/operations.ts";
import type { paths } from "../generated/schema.ts";
import { QStashResponseError } from "./errors/response-error.ts";
import { BY_ROUTE } from "./operation-facts.ts";
import type { HttpMethod, InitOf, GuardOption, QStashClient } from "./types.ts";

type Ops = typeof OPERATIONS;
/** Operations the spec marks as cursor-paginated (`x-qstash-pagination`). */
type Paginated = Extract<Ops[keyof Ops], { pagination: { cursor: string } }>;
type MethodOf<O> = O extends { method: infer M extends string } ? Lowercase<M> & HttpMethod : never;
export type PaginatedMethod = Uppercase<MethodOf<Paginated>>;
export type PaginatedPath<M extends PaginatedMethod> = Extract<Paginated, { method: M }>["path"] & keyof paths;

type Op<M extends PaginatedMethod, P> = P extends keyof paths ? paths[P][Lowercase<M> & keyof paths[P]] : never;
type PageOf<M extends PaginatedMethod, P> = Op<M, P> extends { responses: { 200: { content: { "application/json": infer D } } } } ? D : never;
type ItemsKey<M extends PaginatedMethod, P> = Extract<Paginated, { method: M; path: P }>["pagination"] extends { items: infer K extends string } ? K : never;
export type ItemOf<M extends PaginatedMethod, P> = PageOf<M, P> extends { [K in ItemsKey<M, P>]?: (infer I)[] } ? I : never;
type PageInit<M extends PaginatedMethod, P> = InitOf<Op<M, P>, GuardOption<P, Lowercase<M> & HttpMethod>>;

/**
 * Every page of a cursor-paginated operation, following the cursor the spec names until the
 * server stops returning one. Works for lists (GET) and for bulk deletes that page (DELETE):
 * each page is a separate call, with the same guards, retries and timeout as any call. An HTTP
 * error ends the iteration with a QStashResponseError.
 */
export async function* pages<M extends PaginatedMethod, P extends PaginatedPath<M>>(
  client: QStashClient,
  method: M,
  path: P,
  init?: PageInit<M, P>,
): AsyncGenerator<PageOf<M, P>, void, undefined> {
  const cursorName = BY_ROUTE[`${method} ${path}`]?.pagination?.cursor;
  if (!cursorName) throw new TypeError(`${method} ${path} is not cursor-paginated in the spec`);
  const base = (init ?? {}) as Record<string, any>;
  let cursor: unknown = base.params?.query?.[cursorName];
  const seen = new Set<unknown>();
  for (;;) {
    const query = { ...base.params?.query, [cursorName]: cursor };
    const result = await (client as any)[method](path, { ...base, params: { ...base.params, query } });
    if (result.error !== undefined || !result.response.ok) {
      throw new QStashResponseError(method, path, result.response.status, result.error, result.rateLimit);
    }
    yield result.data;
    cursor = result.data?.[cursorName];
    // An empty or repeated cursor ends the walk; a server that loops must not make us loop.
    if (cursor === undefined || cursor === null || cursor === "" || seen.has(cursor)) return;
    seen.add(cursor);
  }
}

/** The items of every page of a paginated list, one at a time (the field the spec names, e.g. `messages`). */
export async function* items<M extends PaginatedMethod, P extends PaginatedPath<M>>(
  client: QStashClient,
  method: M,
  path: P,
  init?: PageInit<M, P>,
): AsyncGenerator<ItemOf<M, P>, void, undefined> {
  const itemsName = BY_ROUTE[`${method} ${path}`]?.pagination?.items;
  if (!itemsName) throw new TypeError(`${method} ${path} has no item list named in the spec`);
  for await (const page of pages(client, method, path as any, init as any)) yield* ((page as any)?.[itemsName] ?? []);
}
