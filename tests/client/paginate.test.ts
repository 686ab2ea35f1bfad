import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { OPERATIONS } from "../../generated/operations.ts";
import { createQStashClient, items, pages, QStashResponseError } from "../../src/index.ts";
import { json, startLocalServer } from "./local-server.ts";

let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => (server = await startLocalServer()));
afterAll(() => server.close());

const client = () => createQStashClient({ token: "page-test-token", baseUrl: server.url, retry: false });
const PAGINATED = (Object.entries(OPERATIONS) as [string, any][]).filter(([, op]) => op.pagination);

test("the spec has cursor-paginated lists and bulk deletes", () => {
  expect(PAGINATED.filter(([, op]) => op.method === "GET").length).toBeGreaterThanOrEqual(3);
  expect(PAGINATED.filter(([, op]) => op.bulk).length).toBeGreaterThanOrEqual(1);
});

describe.each(PAGINATED)("pages: %s", (_id, op) => {
  const { cursor, items: itemsName } = op.pagination as { cursor: string; items?: string };
  const path = Object.fromEntries(op.pathParams.map((n: string) => [n, `v-${n}`]));
  const init = { all: true, params: { path } } as never;

  function serveThreePages() {
    server.handle((req, res) => {
      const at = new URL(req.url, "http://x").searchParams.get(cursor);
      const next = at === null ? "c1" : at === "c1" ? "c2" : undefined;
      json(res, 200, {
        ...(next ? { [cursor]: next } : {}),
        ...(itemsName ? { [itemsName]: [{ id: `${at ?? "first"}-a` }, { id: `${at ?? "first"}-b` }] } : {}),
        deleted: 1,
      });
    });
  }

  test("follows the cursor until the server stops returning one", async () => {
    serveThreePages();
    const seen = [];
    for await (const page of pages(client(), op.method, op.path, init)) seen.push(page);
    expect(seen).toHaveLength(3);
    expect(server.received.map((r) => new URL(r.url, "http://x").searchParams.get(cursor))).toEqual([null, "c1", "c2"]);
    expect(server.received.every((r) => r.method === op.method)).toBe(true);
  });

  // Registered only where the spec names an item list: a bulk delete pages without one.
  if (itemsName)
    test("items() yields every item of every page", async () => {
      serveThreePages();
      const ids: string[] = [];
      for await (const item of items(client(), op.method, op.path, init)) ids.push((item as { id: string }).id);
      expect(ids).toEqual(["first-a", "first-b", "c1-a", "c1-b", "c2-a", "c2-b"]);
    });

  test("a cursor the server repeats ends the walk", async () => {
    server.handle((_req, res) => json(res, 200, { [cursor]: "same", ...(itemsName ? { [itemsName]: [] } : {}) }));
    let count = 0;
    for await (const _ of pages(client(), op.method, op.path, init)) count++;
    expect(count).toBe(2);
  });

  test("an HTTP error ends the walk with QStashResponseError", async () => {
    server.handle((_req, res) => json(res, 401, { error: "bad token" }));
    const walk = async () => {
      for await (const _ of pages(client(), op.method, op.path, init)) void _;
    };
    await expect(walk()).rejects.toMatchObject({
      name: "QStashResponseError",
      status: 401,
      body: { error: "bad token" },
    });
    await expect(walk()).rejects.toBeInstanceOf(QStashResponseError);
  });
});
