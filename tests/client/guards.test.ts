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

const ops = Object.entries(OPERATIONS) as [string, { method: string; path: string; pathParams: readonly string[]; bulk: { ids: string; filters: readonly string[] } | null }][];
const BULK = ops.filter(([, op]) => op.bulk);
const WITH_PATH_PARAMS = ops.filter(([, op]) => op.pathParams.length);
// Untyped on purpose: the table walks every operation the spec has.
const client = () => createQStashClient({ token: "guard-test-token", baseUrl: server.url, retry: false }) as any;
const fill = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, n === "destination" || n === "workflowUrl" ? "https://example.com/hook" : `v-${n}`]));

test("the spec has bulk operations to guard", () => expect(BULK.length).toBeGreaterThanOrEqual(3));

describe.each(BULK)("bulk guard: %s", (_id, op) => {
  const call = (init: Record<string, unknown>) => client()[op.method](op.path, { ...init, params: { path: fill(op.pathParams), ...(init.params as object) } });
  const before = () => server.received.length;

  test.each([
    ["no filter, no ids", {}],
    ["all: false and nothing else", { all: false }],
    ["an empty id list", { params: { query: { [op.bulk!.ids]: [] } } }],
    ["an id list of empty strings", { params: { query: { [op.bulk!.ids]: [""] } } }],
    ["filters that are all empty", { params: { query: Object.fromEntries(op.bulk!.filters.map((f) => [f, undefined])) } }],
  ])("refuses %s before a byte is sent", async (_case, init) => {
    const sent = before();
    await expect(call(init)).rejects.toThrow(/nothing was sent/);
    expect(server.received.length).toBe(sent);
  });

  test.each<[string, Record<string, unknown>]>([
    ["all: true", { all: true }],
    ["ids", { params: { query: { [op.bulk!.ids]: ["id-1"] } } }],
    ...(op.bulk!.filters.length ? [["a filter", { params: { query: { [op.bulk!.filters[0]!]: op.bulk!.filters[0]!.endsWith("Date") ? 1 : ["x"] } } }] as [string, Record<string, unknown>]] : []),
  ])("sends with %s", async (_case, init) => {
    const sent = before();
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
