import type { OPERATIONS } from "../generated/operations.ts";
import type { paths } from "../generated/schema.ts";
import type { RateLimit } from "./rate-limit.ts";
import type { RetryOptions } from "./retry.ts";

/*
 * The client's types, self-contained: openapi-fetch's request and result conventions written out for
 * the generated paths, so that a consumer's compiler loads and checks these few lines rather than
 * openapi-fetch's generic machinery (tests/src/types-parity.test-d.ts pins them to openapi-fetch's).
 */

export type HttpMethod = "get" | "put" | "post" | "delete" | "patch";

/** Paths of `Paths` that have an operation for `M`. */
export type PathsWith<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: {} } ? P : never;
}[keyof Paths];

type Ops = typeof OPERATIONS;
/** The generated OPERATIONS entries by `METHOD path`, the way a call names its operation. */
type ByRoute = { [K in keyof Ops as `${Ops[K]["method"]} ${Ops[K]["path"]}`]: Ops[K] };
type Route<P, M extends HttpMethod> = `${Uppercase<M>} ${P & string}`;
/** The generated OPERATIONS entry for a path and method (never for a path the table lacks). */
export type OperationAt<P, M extends HttpMethod> = Route<P, M> extends keyof ByRoute ? ByRoute[Route<P, M>] : never;

/** A body sent byte for byte; see body.ts. */
export type RawBody =
  | string
  | Blob
  | ArrayBuffer
  | ArrayBufferView
  | ReadableStream<Uint8Array>
  | URLSearchParams
  | FormData;

/** Request headers: what fetch takes, or a plain object whose `null` removes a header and whose lists are joined. */
export type HeadersOptions =
  | NonNullable<RequestInit["headers"]>
  | Record<string, string | number | boolean | (string | number | boolean)[] | null | undefined>;

/** Options every call takes besides the operation's own params and body. */
export interface CallOptions {
  /** Milliseconds for the whole call, retries and waits included; overrides the client's. */
  timeout?: number;
  /** Retry policy for this call, or false for a single attempt; overrides the client's. */
  retry?: RetryOptions | false;
  signal?: AbortSignal | null;
  headers?: HeadersOptions;
  /** The most bytes this call's answer may have; overrides the client's (default 128 MiB). */
  maxResponseBytes?: number;
}

type ParamsOf<Op> = Op extends { parameters: infer Pa } ? Pa : never;

/**
 * Header families the operation documents (`x-qstash-header-families`), once
 * generated/operations.ts carries them as `headerFamilies`; until then any `Upstash-…-` prefix,
 * checked at run time against the spec.
 */
type FamiliesAt<P, M extends HttpMethod> =
  OperationAt<P, M> extends { headerFamilies: readonly (infer F extends string)[] }
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

/** The request body an operation documents, every media type's schema; `undefined` too when it is optional. */
type RequestBodyOf<Op> = Op extends { requestBody: { content: infer C } }
  ? C[keyof C]
  : Op extends { requestBody?: { content: infer C } }
    ? C[keyof C] | undefined
    : never;
/** Whether the operation documents a request media type other than JSON, and so takes a raw body. */
type TakesRawBody<Op> = Op extends { requestBody?: { content: infer C } }
  ? [Exclude<keyof C, `${string}json`>] extends [never]
    ? false
    : true
  : false;
type BodyOption<Op> = [RequestBodyOf<Op>] extends [never]
  ? { body?: never }
  : TakesRawBody<Op> extends true
    ? undefined extends RequestBodyOf<Op>
      ? { body?: RequestBodyOf<Op> | RawBody }
      : { body: RequestBodyOf<Op> | RawBody }
    : undefined extends RequestBodyOf<Op>
      ? { body?: RequestBodyOf<Op> }
      : { body: RequestBodyOf<Op> };

export type InitOf<Op, Extra = {}> = ParamsOption<Op> & BodyOption<Op> & CallOptions & Extra;

/** The body of each response whose status `Codes` matches (a 2xx for data; 4xx, 5xx or default for an error). */
type BodiesAt<Op, Codes> = Op extends { responses: infer R }
  ? { [K in keyof R]: `${K & (string | number)}` extends Codes ? BodyOf<R[K]> : never }[keyof R]
  : never;
/** A response's body: every media type's schema, or undefined when it documents none. */
type BodyOf<Response> = Response extends { content: infer C } ? C[keyof C] : undefined;

/** openapi-fetch's `{ data, error, response }`, plus the rate-limit figures of a 429. */
export type QStashResult<Op> = (
  | { data: BodiesAt<Op, `2${string}`>; error?: never; response: Response }
  | { data?: never; error: BodiesAt<Op, `${4 | 5}${string}` | "default">; response: Response }
) & {
  /** On a 429: the exhausted QStash rate limit (burst, daily or chat), with its reset time. */
  rateLimit?: RateLimit;
};

/*
 * The explicit choice a bulk operation (`x-qstash-bulk`) demands: ids or a filter in params.query, or
 * `all: true` to act on everything. Leaving `all` out compiles only when the ids or a filter are visibly
 * present; `all: false` states the intent for a filter built at run time (then checked at run time).
 * A call without that choice does not compile, and the compiler's message says what to pass: the
 * parameter's type becomes the sentence below (BulkRefusal).
 */
type QueryAt<P, M extends HttpMethod> = NonNullable<
  ParamsOf<OperationOf<P, M>> extends { query?: infer Q } ? Q : never
>;
/** The filters that narrow by themselves: the generated ones but booleans (see operation-facts.ts). */
type Narrowing<F, Q> = F extends readonly [infer H, ...infer T]
  ? H extends keyof Q
    ? NonNullable<Q[H]> extends boolean
      ? Narrowing<T, Q>
      : [H, ...Narrowing<T, Q>]
    : Narrowing<T, Q>
  : [];
/** A bulk operation's ids parameter and narrowing filters; never for any other operation. */
export type BulkAt<P, M extends HttpMethod> =
  OperationAt<P, M> extends { bulk: { ids: infer Ids extends string; filters: infer F } }
    ? { ids: Ids; filters: Narrowing<F, QueryAt<P, M>> }
    : never;
type Join<L> = L extends readonly [infer H extends string, ...infer T]
  ? T extends readonly []
    ? H
    : `${H}, ${Join<T>}`
  : "";
/**
 * The sentence a refused bulk call shows in the compiler's error: `Who` is the call, `Where` where the
 * ids or a filter go, `All` how to say everything.
 */
export type BulkRefusal<
  B,
  Who extends string,
  Where extends string = "params.query",
  All extends string = "pass all: true",
> = B extends { ids: infer Ids extends string; filters: infer F }
  ? `${Who} with no ${Ids} and no filter acts on everything: put ${Ids} or a filter (${Join<F>}) in ${Where}, or ${All}`
  : never;
/** Keys of a scope a query visibly holds: present, not optional, not null, not an empty list. */
export type ScopeKeys<Q, B> = B extends { ids: infer Ids; filters: readonly (infer F)[] }
  ? { [K in keyof Q & (Ids | F)]-?: Names<Q[K]> extends true ? K : never }[keyof Q & (Ids | F)]
  : never;
/** Whether a value's type names something: not undefined, null or an empty list. */
type Names<V> = undefined extends V ? false : null extends V ? false : V extends readonly never[] ? false : true;
type QueryOfInit<Init> = Init extends { params: { query: infer Q } } ? Q : {};
type Chosen<Init, B> = Init extends { all: boolean }
  ? true
  : [ScopeKeys<QueryOfInit<Init>, B>] extends [never]
    ? false
    : true;
/**
 * What a given init is checked against: the call's declared init (so that excess properties are still
 * caught), or the refusal when it is a bulk call's and makes no choice.
 */
export type Checked<P, M extends HttpMethod, Init> = [BulkAt<P, M>] extends [never]
  ? CallInit<P, M>
  : Chosen<Init, BulkAt<P, M>> extends true
    ? CallInit<P, M>
    : BulkRefusal<BulkAt<P, M>, Route<P, M>>;
/**
 * The init as the rest of the arguments, checked (see Checked). `A` itself stands in the last branch
 * only so that the compiler infers it from the arguments.
 */
type CheckedInit<P, M extends HttpMethod, A> = A extends [infer Init] ? [init: Checked<P, M, Init>] : A;
/** The path as given, or the refusal when a bulk call has no init at all (`Given` is false). */
export type CheckedPath<P, M extends HttpMethod, Given extends boolean> = Given extends false
  ? [BulkAt<P, M>] extends [never]
    ? P
    : BulkRefusal<BulkAt<P, M>, Route<P, M>>
  : P;
/** What a bulk operation's init may hold besides params and body. */
type BulkOption<P, M extends HttpMethod> = [BulkAt<P, M>] extends [never]
  ? {}
  : {
      /**
       * `true` acts on everything when no ids and no filter are given; `false` states that a filter
       * built at run time is there (checked at run time).
       */
      all?: boolean;
    };

type OperationOf<P, M extends HttpMethod> = P extends keyof paths
  ? M extends keyof paths[P]
    ? paths[P][M]
    : never
  : never;
/** The init a call at a path takes. */
export type CallInit<P, M extends HttpMethod> = InitOf<OperationOf<P, M>, BulkOption<P, M> & FamilyOption<P, M>>;
/** The init as the rest of the arguments: required when the operation has required parameters, or a body. */
type InitArgs<P, M extends HttpMethod> = {} extends CallInit<P, M> ? [init?: CallInit<P, M>] : [init: CallInit<P, M>];

/** One verb of the client: the path first, then the init; a bulk call's refusal shows on whichever is missing its choice. */
export type ClientMethod<M extends HttpMethod> = <P extends PathsWith<paths, M>, A extends InitArgs<P, M>>(
  url: CheckedPath<P, M, A extends [] ? false : true>,
  ...init: CheckedInit<P, M, A>
) => Promise<QStashResult<OperationOf<P, M>>>;

/**
 * The client: openapi-fetch's method-per-verb surface and `{ data, error, response }` results
 * over the generated paths, typed per operation (openapi-fetch's conventions; a leaner runtime, see request.ts).
 */
export interface QStashClient {
  GET: ClientMethod<"get">;
  PUT: ClientMethod<"put">;
  POST: ClientMethod<"post">;
  DELETE: ClientMethod<"delete">;
  PATCH: ClientMethod<"patch">;
}
