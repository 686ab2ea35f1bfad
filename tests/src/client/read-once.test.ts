import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createQStashClient } from "../../../src/index.ts";
import { json, startLocalServer } from "../../helpers/local-server.ts";
import {
  BULK_OPERATIONS,
  everythingCall,
  pathValues,
  UNDER_BULK,
  type SpecOperation,
} from "../../helpers/spec-server.ts";

// Issue 10, class 4 (values): a value that answers differently each time it is read (a getter, an
// object whose toString / valueOf / Symbol.toPrimitive changes its answer, a Proxy) must be read
// once, so that what the guard judged is what goes out.

let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => {
  server = await startLocalServer();
  server.handle((_r, res) => json(res, 200, {}));
});
afterAll(() => server.close());

const client = () => createQStashClient({ token: "read-once-token", baseUrl: server.url, retry: false }) as any;

/** Answers `first` the first time it is asked, `then` every time after. */
function turning<T>(first: T, then: T): () => T {
  let asked = 0;
  return () => (asked++ === 0 ? first : then);
}

/** Each case builds fresh (stateful) arguments for one call. */
type Case = [string, (op: SpecOperation) => Record<string, unknown>];

const SCOPE_CASES: Case[] = [
  [
    "a getter on the ids that empties after the first read",
    (op) => ({
      params: {
        query: Object.defineProperty({}, op.bulk!.ids, { get: turning<unknown>(["id-1"], []), enumerable: true }),
      },
    }),
  ],
  [
    "a getter on a filter that empties after the first read",
    (op) => ({
      params: {
        query: Object.defineProperty({}, op.bulk!.filters[0]!, {
          get: turning<unknown>(["x"], undefined),
          enumerable: true,
        }),
      },
    }),
  ],
  [
    "a getter on params.query that empties after the first read",
    (op) => ({
      params: Object.defineProperty({}, "query", {
        get: turning<unknown>({ [op.bulk!.ids]: ["id-1"] }, {}),
        enumerable: true,
      }),
    }),
  ],
  [
    "a getter on init.params that empties after the first read",
    (op) =>
      Object.defineProperty({}, "params", {
        get: turning<unknown>({ query: { [op.bulk!.ids]: ["id-1"] } }, {}),
        enumerable: true,
      }),
  ],
  [
    "a getter on all: true, then false",
    () => Object.defineProperty({}, "all", { get: turning<unknown>(false, true), enumerable: true }),
  ],
  [
    "a Proxy query whose values empty after the first read",
    (op) => {
      const answer = turning<unknown>(["id-1"], []);
      return {
        params: {
          query: new Proxy(
            { [op.bulk!.ids]: null },
            { get: (t, k) => (k === op.bulk!.ids ? answer() : Reflect.get(t, k)) },
          ),
        },
      };
    },
  ],
  [
    "a Proxy query whose keys vanish after the first listing",
    (op) => {
      const keys = turning<string[]>([op.bulk!.ids], []);
      return {
        params: {
          query: new Proxy(
            { [op.bulk!.ids]: ["id-1"] },
            { ownKeys: () => keys(), getOwnPropertyDescriptor: (t, k) => Reflect.getOwnPropertyDescriptor(t, k) },
          ),
        },
      };
    },
  ],
  [
    "a Proxy id list whose items blank after the first read",
    (op) => {
      const item = turning<unknown>("id-1", " ");
      return {
        params: {
          query: { [op.bulk!.ids]: new Proxy(["id-1"], { get: (t, k) => (k === "0" ? item() : Reflect.get(t, k)) }) },
        },
      };
    },
  ],
  [
    "an id whose toString turns blank",
    (op) => ({ params: { query: { [op.bulk!.ids]: [{ toString: turning("id-1", " ") }] } } }),
  ],
  [
    "an id whose toString starts blank",
    (op) => ({ params: { query: { [op.bulk!.ids]: [{ toString: turning(" ", "id-1") }] } } }),
  ],
  [
    "an id whose Symbol.toPrimitive turns blank",
    (op) => ({
      params: { query: { [op.bulk!.ids]: [{ [Symbol.toPrimitive]: turning("id-1", "\u00a0") }] } },
    }),
  ],
  [
    "a filter whose valueOf and toString disagree",
    (op) => ({
      params: { query: { [op.bulk!.filters[0]!]: [{ valueOf: () => "x", toString: () => "" }] } },
    }),
  ],
];

describe.each(BULK_OPERATIONS)("$method $path", (op) => {
  test.each(SCOPE_CASES)("%s: nothing unscoped reaches the server", async (_what, make) => {
    const before = server.received.length;
    await client()
      [op.method](op.path, make(op))
      .catch(() => undefined);
    expect(
      server.received
        .slice(before)
        .filter((r) => everythingCall(r.method, r.url))
        .map((r) => r.url),
    ).toEqual([]);
  });
});

const PATH_CASES: [string, (name: string, op: SpecOperation) => Record<string, unknown>][] = [
  [
    "a getter that turns into '.'",
    (name, op) => Object.defineProperty(pathValues(op), name, { get: turning("abc", "."), enumerable: true }),
  ],
  [
    "a getter that turns into '..'",
    (name, op) => Object.defineProperty(pathValues(op), name, { get: turning("abc", ".."), enumerable: true }),
  ],
  [
    "a getter that turns blank",
    (name, op) => Object.defineProperty(pathValues(op), name, { get: turning("abc", " "), enumerable: true }),
  ],
  [
    "a value whose toString turns into '.'",
    (name, op) => ({ ...pathValues(op), [name]: { toString: turning("abc", ".") } }),
  ],
  [
    "a value whose toString starts as '.'",
    (name, op) => ({ ...pathValues(op), [name]: { toString: turning(".", "abc") } }),
  ],
  [
    "a value whose Symbol.toPrimitive turns into '..'",
    (name, op) => ({ ...pathValues(op), [name]: { [Symbol.toPrimitive]: turning("abc", "..") } }),
  ],
  [
    "a Proxy whose value turns into '.'",
    (name, op) => {
      const answer = turning("abc", ".");
      return new Proxy(pathValues(op), { get: (t, k) => (k === name ? answer() : Reflect.get(t, k)) });
    },
  ],
];

describe.each(UNDER_BULK)("path values of $method $path", (op) => {
  const name = op.pathParams[op.pathParams.length - 1]!;
  test.each(PATH_CASES)("%s: nothing reaches the bulk operation", async (_what, make) => {
    const before = server.received.length;
    await client()
      [op.method](op.path, { params: { path: make(name, op) } })
      .catch(() => undefined);
    expect(
      server.received
        .slice(before)
        .filter((r) => everythingCall(r.method, r.url))
        .map((r) => r.url),
    ).toEqual([]);
  });
});

test("a path that is not a string is refused (it could answer differently each time it is read)", async () => {
  const before = server.received.length;
  const path = { toString: turning("/v2/dlq/{dlqId}", "/v2/dlq") };
  const error = await client()
    .DELETE(path, { params: { path: { dlqId: "abc" } } })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(server.received.slice(before)).toEqual([]);
  expect(error).toBeInstanceOf(TypeError);
});
