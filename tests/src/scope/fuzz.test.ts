import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { seedFromEnv } from "../../../scripts/contract/operations/cases.ts";
import { createQStashClient } from "../../../src/index.ts";
import { json, startLocalServer } from "../../helpers/local-server.ts";
import {
  BLANK_CHARS,
  BULK_OPERATIONS,
  everythingCall,
  SINGLE_ITEM,
  type SpecOperation,
} from "../../helpers/spec-server.ts";

// Issue 10: arbitrary path values, id lists, filter values and raw paths thrown at every bulk
// operation and every single-item template of a method that has one, through a recording local
// server. Property: no request reaches the server that a server following the spec reads as
// "everything" (spec-server.ts, written apart from the client's rules), unless the call said all: true.
// FC_SEED replays a run; FC_FUZZ_RUNS sets the number of calls (default 1,000; about half reach the
// server, so the test gets a generous timeout on a busy machine: a bound, not a speed claim).

const seed = seedFromEnv();
const runs = Number(process.env.FC_FUZZ_RUNS ?? 1000);
console.log(`scope fuzz: ${runs} calls, fast-check seed ${seed}; replay with FC_SEED=${seed}`);

let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => {
  server = await startLocalServer();
  server.handle((_r, res) => json(res, 200, {}));
});
afterAll(() => server.close());

/** A value as data, so that fast-check can print and shrink it; stateful ones are built per call. */
type Value =
  | { plain: unknown }
  | { list: Value[] }
  | { turningString: [string, string] }
  | { turningPrimitive: [string, string] };

const UNITS = [".", "..", "/", "\\", "%2e", "%2E", "%", "#", "?", ";", "&", "=", "+", "a", "x", "1", ...BLANK_CHARS];
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 5 }) },
  { weight: 2, arbitrary: fc.constantFrom(".", "..", "", " ", "\u0085", "\u200b", "./", "../", "a/..", "%2e") },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom("id-1", "nightly", "https://example.com/hook") },
);
const scalar: fc.Arbitrary<Value> = fc.oneof(
  { weight: 6, arbitrary: text.map((plain) => ({ plain })) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 0, 1, true).map((plain) => ({ plain })) },
  { weight: 1, arbitrary: fc.tuple(text, text).map((pair): Value => ({ turningString: pair })) },
  { weight: 1, arbitrary: fc.tuple(text, text).map((pair): Value => ({ turningPrimitive: pair })) },
);
const value: fc.Arbitrary<Value> = fc.oneof(
  { weight: 3, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 4 }).map((list): Value => ({ list })) },
  {
    weight: 1,
    arbitrary: fc
      .array(
        fc.array(scalar, { maxLength: 2 }).map((list): Value => ({ list })),
        { maxLength: 2 },
      )
      .map((list): Value => ({ list })),
  },
);

function build(v: Value): unknown {
  if ("plain" in v) return v.plain;
  if ("list" in v) return v.list.map(build);
  const [first, then] = "turningString" in v ? v.turningString : v.turningPrimitive;
  let asked = 0;
  const answer = () => (asked++ === 0 ? first : then);
  return "turningString" in v ? { toString: answer } : { [Symbol.toPrimitive]: answer };
}

/** Forms a path can take on its way to the server (see raw-paths.test.ts for each one alone). */
const MUTATIONS: ((path: string) => string)[] = [
  (p) => p.replace(/\/([^/]*)$/, "/./$1"),
  (p) => p.replace(/\/([^/]*)$/, "/x/../$1"),
  (p) => p.replace(/\/([^/]*)$/, "/%2E/$1"),
  (p) => p.replace(/\/([^/]*)$/, "/y/%2e%2E/$1"),
  (p) => `${p}/`,
  (p) => `${p}/.`,
  (p) => `${p}?`,
  (p) => `${p}#`,
  (p) => p.replace("/v2/", "/v2//"),
  (p) => p.replace("/v2/", "/v2\\"),
  (p) => p.replace(/([a-z])([a-z]*)$/, "$1\t$2"),
  (p) => p.toUpperCase(),
  (p) => p.replace(/([a-z])$/, (c) => `%${c.charCodeAt(0).toString(16)}`),
  (p) => `${p};x`,
];

interface Case {
  op: SpecOperation;
  path: string;
  pathValues: Record<string, Value>;
  query: Record<string, Value>;
  all: unknown;
  bodyIds: boolean;
  auth: "header" | "query";
}

const ALL = fc.constantFrom<unknown>(undefined, undefined, undefined, false, "true", 1, null, true);
const queryFor = (op: SpecOperation) => {
  const bulk = BULK_OPERATIONS.find((b) => b.method === op.method && op.path.startsWith(b.path)) ?? BULK_OPERATIONS[0]!;
  const names = [bulk.bulk!.ids, ...bulk.bulk!.filters, bulk.bulk!.limit ?? "count", "cursor", "other"];
  return fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 3 });
};
const bulkCase: fc.Arbitrary<Case> = fc.constantFrom(...BULK_OPERATIONS).chain((op) =>
  fc.record({
    op: fc.constant(op),
    path: fc.oneof(
      { weight: 2, arbitrary: fc.constant(op.path) },
      {
        weight: 3,
        arbitrary: fc
          .array(fc.constantFrom(...MUTATIONS), { minLength: 1, maxLength: 3 })
          .map((ms) => ms.reduce((p, m) => m(p), op.path)),
      },
    ),
    pathValues: fc.constant({}),
    query: queryFor(op),
    all: ALL,
    bodyIds: fc.boolean(),
    auth: fc.constantFrom("header" as const, "query" as const),
  }),
);
const itemCase: fc.Arbitrary<Case> = fc.constantFrom(...SINGLE_ITEM).chain((op) =>
  fc.record({
    op: fc.constant(op),
    path: fc.constant(op.path),
    pathValues: fc.record(Object.fromEntries(op.pathParams.map((n) => [n, value]))) as fc.Arbitrary<
      Record<string, Value>
    >,
    query: queryFor(op),
    all: ALL,
    bodyIds: fc.boolean(),
    auth: fc.constantFrom("header" as const, "query" as const),
  }),
);

test("no call reaches the server as an unscoped bulk call unless it said all: true", async () => {
  const cases = fc.sample(fc.oneof(bulkCase, itemCase), { seed, numRuns: runs });
  const clients = {
    header: createQStashClient({ token: "fuzz-token", baseUrl: server.url, retry: false }) as any,
    query: createQStashClient({ token: "fuzz-token", auth: "query", baseUrl: server.url, retry: false }) as any,
  };
  const violations: string[] = [];
  let sent = 0;
  for (const c of cases) {
    const before = server.received.length;
    const query = Object.fromEntries(Object.entries(c.query).map(([n, v]) => [n, build(v)]));
    const path = Object.fromEntries(Object.entries(c.pathValues).map(([n, v]) => [n, build(v)]));
    const body = c.bodyIds && c.op.bulk ? { [c.op.bulk.ids]: ["id-in-body"] } : undefined;
    await clients[c.auth][c.op.method](c.path, { params: { path, query }, all: c.all, body }).catch(() => undefined);
    const reached = server.received.slice(before);
    sent += reached.length;
    for (const r of reached) {
      const hit = everythingCall(r.method, r.url);
      if (hit && c.all !== true)
        violations.push(`${r.method} ${r.url} reads as ${hit.id} on everything; call: ${JSON.stringify(c)}`);
    }
  }
  console.log(
    `scope fuzz: ${cases.length} calls, ${sent} reached the server, ${violations.length} unscoped bulk calls got through (seed ${seed})`,
  );
  expect(violations.slice(0, 10)).toEqual([]);
}, 180_000);
