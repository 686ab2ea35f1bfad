import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { seedFromEnv } from "../../scripts/contract/operations/cases.ts";
import { factsByRoute, judgeRequest, type Policy } from "../../scripts/live/judge.ts";
import { describeOperations } from "../../scripts/spec/operations-module.ts";
import { createQStashClient } from "../../src/index.ts";
import { pathReadings } from "../../src/path-readings.ts";
import { json, startLocalServer } from "../helpers/local-server.ts";
import { BULK_OPERATIONS, SINGLE_ITEM, expectRefused, pathValues } from "../helpers/spec-server.ts";

// Issue 21, class 4: the client read a path with one decoding round while the live gate also tried further
// rounds, cut at NUL, folded Unicode compatibility forms and trimmed trailing dots, so the client sent
// requests its own gate held back as "acts on everything". One reading now (src/path-readings.ts), and the
// client refuses before sending whatever any reading of it lands on a bulk path without scope. The oracle
// here is the gate's own judge (scripts/live/judge.ts), fed each request exactly as the server received it.

const seed = seedFromEnv();
const description = JSON.parse(readFileSync("generated/qstash.openapi.json", "utf8"));
const policy: Policy = { description, facts: factsByRoute(describeOperations(description)), allowWrites: true };
const everything = (method: string, target: string) =>
  judgeRequest({ method, target, headers: {} }, policy).hold === "acts on everything";

describe("pathReadings", () => {
  const readings = (path: string) =>
    pathReadings(path).map((r) => `${r.path.toLowerCase()}${r.dropsQuery ? " (no query)" : ""}`);

  test.each<[string, string]>([
    ["/v2/dlq", "/v2/dlq"],
    ["/V2/DLQ/", "/v2/dlq"],
    ["/v2//dlq", "/v2/dlq"],
    ["/v2\\dlq", "/v2/dlq"],
    ["/v2/%64%6C%71", "/v2/dlq"],
    ["/v2/%2e/dlq", "/v2/dlq"],
    ["/v2/x/%2E%2e/dlq", "/v2/dlq"],
    ["/v2/x/../dlq", "/v2/dlq"],
    ["/../v2/dlq", "/v2/dlq"],
    ["/v2/dlq;jsessionid=1", "/v2/dlq"],
    ["/v2/dlq/%2F", "/v2/dlq"],
    ["/v2/dlq/%20", "/v2/dlq"],
    ["/v2/dlq/%E2%80%8B", "/v2/dlq"],
    ["/v2/dlq/%C3%A9", "/v2/dlq/%c3%a9"],
    ["/v2/dlq/%C3%A9", "/v2/dlq/\u00e9"],
    // A byte that is no UTF-8, read as Latin-1, is a control character: a segment that names nothing.
    ["/v2/dlq/%80", "/v2/dlq"],
    ["/v2/dlq/%252e", "/v2/dlq"],
    ["/v2/dlq/%25252e", "/v2/dlq"],
    ["/v2/%EF%BD%84%EF%BD%8C%EF%BD%91", "/v2/dlq"],
    ["/v2/dlq.", "/v2/dlq"],
    ["/v2/dlq%00/x", "/v2/dlq (no query)"],
    ["/v2/dlq/x%3Fa=1", "/v2/dlq/x (no query)"],
    ["/v2/dlq%2523", "/v2/dlq (no query)"],
    ["/", "/"],
  ])("%s has a reading %s", (pathname, want) => {
    expect(readings(pathname)).toContain(JSON.parse(`"${want}"`));
  });

  test("the path as sent is always the first reading", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("/", "a", ".", "%", "2e", ";", "\uff0e", " ") }), (tail) => {
        const path = `/${tail}`;
        expect(pathReadings(path)[0]).toEqual({ path, dropsQuery: false });
      }),
      { seed, numRuns: 300 },
    );
  });

  test("a plain path (letters, digits, _ ~ -) has no other reading than itself", () => {
    const segment = fc.string({ unit: fc.constantFrom("a", "Z", "0", "_", "~", "-"), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        const path = `/${segments.join("/")}`;
        expect(pathReadings(path)).toEqual([{ path, dropsQuery: false }]);
        // The same path with a step that changes nothing but forces the full combinations: the same readings.
        expect(pathReadings(`${path}/`).map((r) => r.path)).toContain(path);
      }),
      { seed, numRuns: 300 },
    );
  });
});

let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => {
  server = await startLocalServer();
  server.handle((_r, res) => json(res, 200, {}));
});
afterAll(() => server.close());

const client = (baseUrl = server.url) =>
  createQStashClient({ token: "path-readings-token", baseUrl, retry: false }) as any;

/** Path values that some reading turns into nothing, a dot step, a cut, or a slash. */
const VALUES: [string, string][] = [
  ["a dot encoded once more than the client decodes", "%2e"],
  ["two dots, encoded", "%2e%2e"],
  ["a dot encoded twice", "%252e"],
  ["a NUL, encoded", "%00"],
  ["a NUL after a letter, encoded", "x%00"],
  ["a question mark, encoded", "%3F"],
  ["a hash, encoded", "%23x"],
  ["a slash and two dots, encoded twice", "x%252F%252e%252e"],
  ["a full-width full stop", "\uff0e"],
  ["two full-width full stops", "\uff0e\uff0e"],
  ["a full-width solidus and dots", "x\uff0f\uff0e\uff0e"],
  ["a dot followed by a space", ". "],
  ["trailing dots", "..."],
  ["a matrix parameter alone", ";v=1"],
  ["a zero-width space, encoded", "%E2%80%8B"],
  ["a tab, encoded", "%09"],
];

/** The requests that reached the server during `run` and that the gate would hold back as acting on everything. */
async function slipped(run: () => Promise<unknown>): Promise<string[]> {
  const before = server.received.length;
  await run().catch(() => undefined);
  return server.received
    .slice(before)
    .filter((r) => everything(r.method, r.url))
    .map((r) => `${r.method} ${r.url}`);
}

// One test per template runs every value (16 cases each).
test.each(SINGLE_ITEM.filter((op) => op.pathParams.length === 1 && !op.path.includes("{destination}")))(
  "$method $path: each value is refused, or sent as nothing the gate reads as everything",
  async (op) => {
    const name = op.pathParams[0]!;
    const slips: string[] = [];
    for (const [what, value] of VALUES) {
      const path = { ...pathValues(op), [name]: value };
      for (const sent of await slipped(() => client()[op.method](op.path, { params: { path } })))
        slips.push(`${what}: ${sent}`);
    }
    expect(slips).toEqual([]);
  },
);

/** Raw forms of a bulk path that some reading lands on it (12 per operation). */
function rawForms(op: (typeof BULK_OPERATIONS)[number]): [string, string][] {
  const [head, last] = [op.path.slice(0, op.path.lastIndexOf("/")), op.path.slice(op.path.lastIndexOf("/") + 1)];
  return [
    ["a letter encoded twice", `${head}/%25${last.charCodeAt(0).toString(16)}${last.slice(1)}`],
    ["a letter encoded three times", `${head}/%2525${last.charCodeAt(0).toString(16)}${last.slice(1)}`],
    ["a dot segment encoded twice", `${head}/x/%252e%252e/${last}`],
    ["a NUL, encoded, after the path", `${op.path}%00`],
    ["a NUL, encoded twice, after the path", `${op.path}%2500/x`],
    ["a question mark, encoded, after the path", `${op.path}%3Fx=1`],
    ["a question mark, encoded twice", `${op.path}%253F`],
    ["full-width letters", `${head}/${[...last].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("")}`],
    ["a full-width solidus", `${head}\uff0f${last}`],
    ["a trailing dot", `${op.path}.`],
    ["trailing dots and a space, encoded", `${op.path}..%20`],
    ["a matrix parameter, encoded", `${op.path}%3Bv=1`],
  ];
}

test.each(BULK_OPERATIONS)("raw forms of $method $path: refused without scope, never sent unscoped", async (op) => {
  const slips: string[] = [];
  for (const [what, path] of rawForms(op)) {
    const before = server.received.length;
    const refusal = await client()
      [op.method](path, { all: false })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    if (server.received.length !== before || !/nothing was sent/.test(String(refusal)))
      slips.push(`${what} (${path}) without scope: sent, or not refused`);
    const query = { [op.bulk!.filters[0]!]: ["x"] };
    for (const sent of await slipped(() => client()[op.method](path, { params: { query } })))
      slips.push(`${what} (${path}) with a filter: ${sent}`);
  }
  expect(slips).toEqual([]);
});

test("a destination whose encoded dot steps climb back to a bulk path is refused", async () => {
  const climb = "%252e%252e/%252e%252e/%252e%252e/dlq/retry";
  await expectRefused(server.received, () =>
    client().POST("/v2/publish/{destination}", {
      params: { path: { destination: `https://example.com/${climb}` } },
      body: "hi",
    }),
  );
});

test("fast-check: no call the client sends is one the gate would hold back as acting on everything", async () => {
  const UNITS = [
    "%",
    "25",
    "2e",
    "2E",
    "2f",
    "00",
    "3f",
    "23",
    "3b",
    ".",
    "/",
    "\\",
    ";",
    "\uff0e",
    "\uff0f",
    " ",
    "x",
    "d",
  ];
  const text = fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 8 });
  const single = fc.constantFrom(...SINGLE_ITEM.filter((op) => !op.path.includes("{destination}")));
  const call = fc.record({
    op: single,
    value: text,
    filter: fc.boolean(),
  });
  const cases = fc.sample(call, { seed, numRuns: 300 });
  const violations: string[] = [];
  for (const c of cases) {
    const before = server.received.length;
    const bulk = BULK_OPERATIONS.find((b) => b.method === c.op.method) ?? BULK_OPERATIONS[0]!;
    const query = c.filter ? { [bulk.bulk!.filters[0]!]: ["x"] } : {};
    const path = Object.fromEntries(c.op.pathParams.map((n) => [n, c.value]));
    await client()
      [c.op.method](c.op.path, { params: { path: { ...pathValues(c.op), ...path }, query } })
      .catch(() => undefined);
    for (const r of server.received.slice(before))
      if (everything(r.method, r.url)) violations.push(`${r.method} ${r.url} from ${JSON.stringify(c.value)}`);
  }
  console.log(
    `path readings: ${cases.length} calls, ${violations.length} sent what the gate holds back (seed ${seed})`,
  );
  expect(violations.slice(0, 10)).toEqual([]);
}, 60_000);
