import type { FetchResponse, RequestBodyOption } from "openapi-fetch";
import { describe, expectTypeOf, test } from "vitest";
import type { operations } from "../../../generated/schema.ts";
import type { QStashResult, RateLimit, RawBody } from "../../../src/index.ts";
import type { InitOf } from "../../../src/types.ts";

// The client's own request and result types (src/types.ts) stand in for openapi-fetch's, so that a
// consumer's compiler does not load openapi-fetch: pinned here to say the same for every operation.

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Theirs<Op> = FetchResponse<Op & Record<string | number, any>, {}, `${string}/${string}`> & {
  rateLimit?: RateLimit;
};
/** Operations whose result, data or error differ from openapi-fetch's; never when all agree. */
type ResultMismatch = {
  [K in keyof operations]: Same<QStashResult<operations[K]>, Theirs<operations[K]>> extends true
    ? Same<QStashResult<operations[K]>["data"], Theirs<operations[K]>["data"]> extends true
      ? Same<QStashResult<operations[K]>["error"], Theirs<operations[K]>["error"]> extends true
        ? never
        : K
      : K
    : K;
}[keyof operations];

type OursBody<Op> = InitOf<Op> extends { body?: infer B } ? B : never;
type TheirBody<Op> = RequestBodyOption<Op> extends { body?: infer B } ? B : never;
/** Whether an init demands a body (`extends infer` makes the compiler resolve the init before picking from it). */
type BodyRequired<Init> = Init extends infer I ? ({} extends Pick<I, "body" & keyof I> ? false : true) : never;
/**
 * Operations whose body differs from openapi-fetch's: the same type (plus raw bodies where a non-JSON
 * media type is documented), required alike.
 */
type BodyMismatch = {
  [K in keyof operations]: Same<
    BodyRequired<InitOf<operations[K]>>,
    BodyRequired<RequestBodyOption<operations[K]>>
  > extends true
    ? Same<OursBody<operations[K]>, TheirBody<operations[K]>> extends true
      ? never
      : Same<OursBody<operations[K]>, TheirBody<operations[K]> | RawBody> extends true
        ? never
        : K
    : K;
}[keyof operations];

describe("the client's types say what openapi-fetch's say", () => {
  test("results: data, error and their union, for every operation", () => {
    expectTypeOf<ResultMismatch>().toEqualTypeOf<never>();
  });

  test("request bodies, for every operation", () => {
    expectTypeOf<BodyMismatch>().toEqualTypeOf<never>();
  });

  test("the checks can fail: a result type that drops an error body differs", () => {
    type Broken = {
      [K in keyof operations]: Same<QStashResult<operations[K]>["error"], undefined> extends true ? never : K;
    }[keyof operations];
    expectTypeOf<Broken>().not.toEqualTypeOf<never>();
    expectTypeOf<Same<BodyRequired<{ body?: string }>, BodyRequired<{ body: string }>>>().toEqualTypeOf<false>();
  });
});
