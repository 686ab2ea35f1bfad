import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { OPERATIONS } from "../../generated/operations.ts";
import { createQStashClient } from "../../src/index.ts";
import { json, startLocalServer } from "./local-server.ts";

let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => {
  server = await startLocalServer();
  server.handle((_r, res) => json(res, 200, {}));
});
afterAll(() => server.close());

const ops = Object.entries(OPERATIONS) as [
  string,
  {
    method: string;
    path: string;
    pathParams: readonly string[];
    bulk: { ids: string; filters: readonly string[] } | null;
  },
][];
const BULK = ops.filter(([, op]) => op.bulk);
const WITH_PATH_PARAMS = ops.filter(([, op]) => op.pathParams.length);
// Untyped on purpose: the table walks every operation the spec has.
const client = () => createQStashClient({ token: "guard-test-token", baseUrl: server.url, retry: false }) as any;
const fill = (names: readonly string[]) =>
  Object.fromEntries(
    names.map((n) => [n, n === "destination" || n === "workflowUrl" ? "https://example.com/hook" : `v-${n}`]),
  );

test("the spec has bulk operations to guard", () => expect(BULK.length).toBeGreaterThanOrEqual(3));

describe.each(BULK)("bulk guard: %s", (_id, op) => {
  const call = (init: Record<string, unknown>) =>
    client()[op.method](op.path, { ...init, params: { path: fill(op.pathParams), ...(init.params as object) } });
  const sentSoFar = () => server.received.length;

  test.each([
    ["no filter, no ids", {}],
    ["all: false and nothing else", { all: false }],
    ["an empty id list", { params: { query: { [op.bulk!.ids]: [] } } }],
    ["an id list of empty strings", { params: { query: { [op.bulk!.ids]: [""] } } }],
    [
      "filters that are all empty",
      { params: { query: Object.fromEntries(op.bulk!.filters.map((f) => [f, undefined])) } },
    ],
  ])("refuses %s before a byte is sent", async (_case, init) => {
    const sent = sentSoFar();
    await expect(call(init)).rejects.toThrow(/nothing was sent/);
    expect(server.received.length).toBe(sent);
  });

  test.each<[string, Record<string, unknown>]>([
    ["all: true", { all: true }],
    ["ids", { params: { query: { [op.bulk!.ids]: ["id-1"] } } }],
    ...(op.bulk!.filters.length
      ? [
          [
            "a filter",
            { params: { query: { [op.bulk!.filters[0]!]: op.bulk!.filters[0]!.endsWith("Date") ? 1 : ["x"] } } },
          ] as [string, Record<string, unknown>],
        ]
      : []),
  ])("sends with %s", async (_case, init) => {
    const sent = sentSoFar();
    await call(init);
    expect(server.received.length).toBe(sent + 1);
  });
});

describe.each(WITH_PATH_PARAMS)("empty path parameter: %s", (_id, op) => {
  test.each(op.pathParams.map((name) => [name]))("refuses an empty %s", async (name) => {
    const sent = server.received.length;
    const init = { params: { path: { ...fill(op.pathParams), [name]: "" } }, all: true };
    await expect(client()[op.method](op.path, init)).rejects.toThrow(new RegExp(`"${name}" is empty`));
    expect(server.received.length).toBe(sent);
  });
});

// The parameter that carries a destination is read from the facts (`x-qstash-destination`), per
// operation: schedule creation's {scheduleId} is a destination, GET /v2/schedules/{scheduleId} is an id.
const WITH_DESTINATION = (
  Object.entries(OPERATIONS) as [
    string,
    { method: string; path: string; pathParams: readonly string[]; destination: string | null },
  ][]
).filter(([, op]) => op.destination);

test("the facts name destination parameters, schedule creation's among them", () => {
  expect(WITH_DESTINATION.map(([, op]) => op.destination)).toEqual(
    expect.arrayContaining(["destination", "scheduleId"]),
  );
});

describe.each(WITH_DESTINATION)("destination parameter of %s", (_id, op) => {
  const call = (value: string) => () =>
    client()[op.method](op.path, { params: { path: { ...fill(op.pathParams), [op.destination!]: value } }, body: "x" });

  test.each([
    ["a URL that is not http(s)", "ftp://example.com/x", /http:\/\/ or https:\/\//],
    [
      "a name that is neither a URL nor a URL group name",
      "not a group!",
      /neither an http\(s\) URL nor a URL group name/,
    ],
  ])("%s is refused before a byte is sent", async (_case, value, message) => {
    const sent = server.received.length;
    await expect(call(value)()).rejects.toThrow(message);
    expect(server.received.length).toBe(sent);
  });

  test("an http(s) URL goes out raw, its own path and query included (destination.ts)", async () => {
    const sent = server.received.length;
    await call("https://example.com:8443/a/b?x=1")();
    expect(server.received.length).toBe(sent + 1);
    expect(server.received.at(-1)!.url).toMatch(/\/https:\/\/example\.com:8443\/a\/b\?x=1$/);
  });

  test("a dot step in the URL's path is refused: the URL parser would resolve it against the QStash path", async () => {
    const sent = server.received.length;
    await expect(call("https://example.com/a/../b")()).rejects.toThrow(/"\." or "\.\." step/);
    expect(server.received.length).toBe(sent);
  });
});
