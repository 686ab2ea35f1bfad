import type { FetchResponse, HeadersOptions, RequestBodyOption } from "openapi-fetch";
import type { OPERATIONS } from "../generated/operations.ts";
import type { paths } from "../generated/schema.ts";
import type { RateLimit } from "./rate-limit.ts";
import type { RetryOptions } from "./retry.ts";

export type HttpMethod = "get" | "put" | "post" | "delete" | "patch";
type Media = `${string}/${string}`;

/** Paths of `Paths` that have an operation for `M`. */
export type PathsWith<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: {} } ? P : never;
}[keyof Paths];

/** The generated OPERATIONS entry for a path and method (never for a path the table lacks). */
type Ops = typeof OPERATIONS;
export type OperationAt<P, M extends HttpMethod> = Extract<Ops[keyof Ops], { path: P; method: Uppercase<M> }>;

/** A body sent byte for byte; see body.ts. */
export type RawBody = string | Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | URLSearchParams | FormData;

/** Options every call takes besides the operation's own params and body. */
export interface CallOptions {
  /** Milliseconds for the whole call, retries and waits included; overrides the client's. */
  timeout?: number;
  /** Retry policy for this call, or false for a single attempt; overrides the client's. */
  retry?: RetryOptions | false;
  signal?: AbortSignal | null;
  headers?: HeadersOptions;
}

type ParamsOf<Op> = Op extends { parameters: infer Pa } ? Pa : never;

/**
 * Header families the operation documents (`x-qstash-header-families`), once
 * generated/operations.ts carries them as `headerFamilies`; until then any `Upstash-…-` prefix,
 * checked at run time against the spec.
 */
type FamiliesAt<P, M extends HttpMethod> = OperationAt<P, M> extends { headerFamilies: readonly (infer F extends string)[] }
  ? F
  : "headerFamilies" extends keyof Ops[keyof Ops]
    ? never
    : `Upstash-${string}-`;
export type FamilyOption<P, M extends HttpMethod> = [FamiliesAt<P, M>] extends [never]
  ? {}
  : {
      /** Prefixed header families as maps: `{ "Upstash-Forward-": { "X-Trace": "1" } }` sends `Upstash-Forward-X-Trace: 1`. */
      headerFamilies?: { [F in FamiliesAt<P, M>]?: Record<string, string> };
    };
type ParamsOption<Op> = [ParamsOf<Op>] extends [never]
  ? { params?: never }
  : {} extends ParamsOf<Op>
    ? { params?: ParamsOf<Op> }
    : { params: ParamsOf<Op> };

/** Whether the operation documents a request media type other than JSON, and so takes a raw body. */
type TakesRawBody<Op> = Op extends { requestBody?: infer RB }
  ? [NonNullable<RB>] extends [never]
    ? false
    : NonNullable<RB> extends { content: infer C }
      ? [Exclude<keyof C, `${string}json`>] extends [never] ? false : true
      : false
  : false;
type BodyOption<Op> =
  TakesRawBody<Op> extends true
    ? RequestBodyOption<Op> extends { body: infer B } ? { body: B | RawBody } : { body?: RequestBodyOption<Op>["body"] | RawBody }
    : RequestBodyOption<Op>;

/**
 * The explicit choice a bulk operation demands: ids or a filter, or `all: true` to act on
 * everything. Leaving `all` out compiles only when a filter or the ids are visibly present;
 * `all: false` states the intent for a filter built at run time (then checked at run time).
 */
type BulkChoice<Op, B> = B extends { ids: infer Ids extends string; filters: readonly (infer F extends string)[] }
  ? ParamsOf<Op> extends { query?: infer Q }
    ?
        | { all: true }
        | { all: false }
        | ({ all?: undefined } & {
            [K in (Ids | F) & keyof NonNullable<Q>]: { params: { query: { [Key in K]-?: NonNullable<NonNullable<Q>[K]> } } };
          }[(Ids | F) & keyof NonNullable<Q>])
    : { all?: boolean }
  : {};

export type GuardOption<P, M extends HttpMethod> = OperationAt<P, M> extends { bulk: infer B } ? (B extends null ? {} : BulkChoice<OperationOf<P, M>, B>) : {};

type OperationOf<P, M extends HttpMethod> = P extends keyof paths ? (M extends keyof paths[P] ? paths[P][M] : never) : never;

export type InitOf<Op, Extra = {}> = ParamsOption<Op> & BodyOption<Op> & CallOptions & Extra;
type InitArgs<Init> = {} extends Init ? [init?: Init] : [init: Init];

/** openapi-fetch's `{ data, error, response }`, plus the rate-limit figures of a 429. */
export type QStashResult<Op> = FetchResponse<Op & Record<string | number, any>, {}, Media> & {
  /** On a 429: the exhausted QStash rate limit (burst, daily or chat), with its reset time. */
  rateLimit?: RateLimit;
};

export type ClientMethod<Paths, M extends HttpMethod> = <P extends PathsWith<Paths, M>>(
  url: P,
  ...init: InitArgs<InitOf<Paths[P][M & keyof Paths[P]], GuardOption<P, M> & FamilyOption<P, M>>>
) => Promise<QStashResult<Paths[P][M & keyof Paths[P]]>>;

/**
 * The client: openapi-fetch's method-per-verb surface and `{ data, error, response }` results
 * over the generated paths, typed per operation (openapi-fetch's types; a leaner runtime, see request.ts).
 */
export interface QStashClient<Paths = paths> {
  GET: ClientMethod<Paths, "get">;
  PUT: ClientMethod<Paths, "put">;
  POST: ClientMethod<Paths, "post">;
  DELETE: ClientMethod<Paths, "delete">;
  PATCH: ClientMethod<Paths, "patch">;
}
