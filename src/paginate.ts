import type { OPERATIONS } from "../generated/operations.ts";
import type { paths } from "../generated/schema.ts";
import { QStashGuardError } from "./guard-error.ts";
import { QStashResponseError } from "./response-error.ts";
import { PAGINATION } from "./operation-facts.ts";
import { ownFields, ownValue } from "./own.ts";
import type { CallInit, Checked, CheckedPath, HttpMethod, QStashClient } from "./types.ts";

type Ops = typeof OPERATIONS;
/** Operations the spec marks as cursor-paginated (`x-qstash-pagination`). */
type Paginated = Extract<Ops[keyof Ops], { pagination: { cursor: string } }>;
type MethodOf<O> = O extends { method: infer M extends string } ? Lowercase<M> & HttpMethod : never;
export type PaginatedMethod = Uppercase<MethodOf<Paginated>>;
export type PaginatedPath<M extends PaginatedMethod> = Extract<Paginated, { method: M }>["path"] & keyof paths;

type Op<M extends PaginatedMethod, P> = P extends keyof paths ? paths[P][Lowercase<M> & keyof paths[P]] : never;
type PageOf<M extends PaginatedMethod, P> =
  Op<M, P> extends { responses: { 200: { content: { "application/json": infer D } } } } ? D : never;
type ItemsKey<M extends PaginatedMethod, P> = Extract<Paginated, { method: M; path: P }>["pagination"] extends {
  items: infer K extends string;
}
  ? K
  : never;
export type ItemOf<M extends PaginatedMethod, P> =
  PageOf<M, P> extends { [K in ItemsKey<M, P>]?: (infer I)[] } ? I : never;
type Verb<M extends PaginatedMethod> = Lowercase<M> & HttpMethod;
type PageInit<M extends PaginatedMethod, P> = CallInit<P, Verb<M>>;
/** The path, or a bulk operation's refusal when no init makes its choice (see types.ts). */
type PagePath<M extends PaginatedMethod, P, I> = CheckedPath<P, Verb<M>, IsGiven<I>>;
type PageInitArg<M extends PaginatedMethod, P, I> = IsGiven<I> extends true ? Checked<P, Verb<M>, I> : I;
/** Whether an init was passed: `undefined` when it was left out (the type's default); `any` and `never` count as given. */
type IsGiven<I> = 0 extends 1 & I ? true : [I] extends [never] ? true : [I] extends [undefined] ? false : true;

export interface PageOptions {
  /**
   * The most pages to read, default 1,000: a server that keeps returning new cursors must not keep
   * the walk going forever. Reaching it with a cursor still to follow throws a RangeError; Infinity
   * turns the bound off.
   */
  maxPages?: number;
}

/** Pages read when `maxPages` is not given. */
export const DEFAULT_MAX_PAGES = 1000;

/**
 * Every page of a cursor-paginated operation, following the cursor the spec names until the
 * server stops returning one, returns one it returned before, or `maxPages` is reached. Works for
 * lists (GET) and for bulk deletes that page (DELETE): each page is a separate call, with the same
 * guards, retries and timeout as any call. An HTTP error ends the iteration with a QStashResponseError.
 */
export async function* pages<
  M extends PaginatedMethod,
  P extends PaginatedPath<M>,
  I extends PageInit<M, P> | undefined = undefined,
>(
  client: QStashClient,
  method: M,
  path: PagePath<M, P, I>,
  init?: PageInitArg<M, P, I>,
  options?: PageOptions,
): AsyncGenerator<PageOf<M, P>, void, undefined> {
  const { maxPages = DEFAULT_MAX_PAGES } = ownFields(options);
  const cursorName = ownValue(PAGINATION, `${method} ${path}`)?.cursor;
  if (!cursorName) throw new QStashGuardError(`${method} ${path} is not cursor-paginated in the spec`);
  if (!(maxPages >= 1)) throw new QStashGuardError(`maxPages must be 1 or more, got ${maxPages}`);
  // Read once, own properties only: every page is called with the same values.
  const base = ownFields(init as object) as Record<string, any>;
  const params = ownFields(base.params);
  const given = ownFields(params.query);
  let cursor: unknown = given[cursorName];
  const seen = new Set<unknown>();
  for (let page = 1; ; page++) {
    const query = { ...given, [cursorName]: cursor };
    const result = await (client as any)[method](path, { ...base, params: { ...params, query } });
    // Stryker disable next-line ConditionalExpression: the client sets `error` only on a non-2xx, which `!ok` catches
    if (result.error !== undefined || !result.response.ok) {
      throw new QStashResponseError(method, path, result.response.status, result.error, result.rateLimit);
    }
    yield result.data;
    cursor = ownValue(result.data, cursorName);
    // An empty or repeated cursor ends the walk; a server that loops must not make us loop.
    if (cursor === undefined || cursor === null || cursor === "" || seen.has(cursor)) return;
    if (page >= maxPages) {
      const reached = `the server still returns a cursor after ${page} pages (maxPages)`;
      throw new RangeError(`${method} ${path}: ${reached}; pass a larger maxPages to read on`);
    }
    seen.add(cursor);
  }
}

/** The items of every page of a paginated list, one at a time (the field the spec names, e.g. `messages`). */
export async function* items<
  M extends PaginatedMethod,
  P extends PaginatedPath<M>,
  I extends PageInit<M, P> | undefined = undefined,
>(
  client: QStashClient,
  method: M,
  path: PagePath<M, P, I>,
  init?: PageInitArg<M, P, I>,
  options?: PageOptions,
): AsyncGenerator<ItemOf<M, P>, void, undefined> {
  const itemsName = ownValue(PAGINATION, `${method} ${path}`)?.items;
  if (!itemsName) throw new QStashGuardError(`${method} ${path} has no item list named in the spec`);
  for await (const page of pages(client, method, path as any, init as any, options))
    yield* (ownValue(page, itemsName) as Iterable<ItemOf<M, P>> | undefined) ?? [];
}
