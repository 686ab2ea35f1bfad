import { beforeEach, describe, expect, test } from "vitest";
import { OPERATIONS } from "../../generated/operations.ts";
import { createQStashClient, items, pages, QStashGuardError, QStashResponseError } from "../../src/index.ts";
import { json, runawayStop, useLocalServer } from "../helpers/local-server.ts";

const server = useLocalServer();

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

  test("an aborted signal stops the walk before the next page: its reason, and no further request", async () => {
    serveThreePages();
    const controller = new AbortController();
    const seen: unknown[] = [];
    const walk = async () => {
      for await (const page of pages(client(), op.method, op.path, {
        ...(init as object),
        signal: controller.signal,
      } as never)) {
        seen.push(page);
        controller.abort();
      }
    };
    const error = await walk().catch((e: unknown) => e);
    // The caller's own reason comes back as it is: the DOMException abort() gives, not a wrapper.
    expect(error).toBe(controller.signal.reason);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
    expect(seen).toHaveLength(1);
    expect(server.received.map((r) => new URL(r.url, "http://x").searchParams.get(cursor))).toEqual([null]);
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

describe("one list, GET /v2/dlq: what each page sends and when the walk ends", () => {
  const urls = () => server.received.map((r) => r.url);
  const collect = async <T>(walk: AsyncGenerator<T>) => {
    const seen: T[] = [];
    for await (const value of walk) seen.push(value);
    return seen;
  };
  /** Answers each request with the next body in turn, then with a page that has no cursor. */
  const serve = (...bodies: unknown[]) => server.handle((_req, res) => json(res, 200, bodies.shift() ?? {}));
  beforeEach(() => serve());

  test("the caller's query goes out on every page, its cursor only on the first", async () => {
    serve({ cursor: "c1" }, { cursor: "c2" }, {});
    const init = { params: { query: { label: ["nightly"], cursor: "start", topicName: ["t"] } } };
    await collect(pages(client(), "GET", "/v2/dlq", init));
    expect(urls()).toEqual([
      "/v2/dlq?label=nightly&cursor=start&topicName=t",
      "/v2/dlq?label=nightly&cursor=c1&topicName=t",
      "/v2/dlq?label=nightly&cursor=c2&topicName=t",
    ]);
    // The caller's init is read, never written.
    expect(init).toEqual({ params: { query: { label: ["nightly"], cursor: "start", topicName: ["t"] } } });
  });

  test.each<[string, unknown]>([
    ["null", null],
    ["an empty string", ""],
  ])("a cursor that is %s ends the walk after that page", async (_what, cursor) => {
    server.handle((_req, res) => json(res, 200, { cursor, messages: [{ id: "m" }] }));
    expect(await collect(pages(client(), "GET", "/v2/dlq"))).toEqual([{ cursor, messages: [{ id: "m" }] }]);
    expect(urls()).toEqual(["/v2/dlq"]);
  });

  test("a cursor that is 0 is followed", async () => {
    serve({ cursor: 0 }, {});
    expect(await collect(pages(client(), "GET", "/v2/dlq"))).toEqual([{ cursor: 0 }, {}]);
    expect(urls()).toEqual(["/v2/dlq", "/v2/dlq?cursor=0"]);
  });

  test("a cursor seen two pages back ends the walk too", async () => {
    serve({ cursor: "a" }, { cursor: "b" }, { cursor: "a" }, { cursor: "c" });
    expect(await collect(pages(client(), "GET", "/v2/dlq"))).toHaveLength(3);
    expect(urls()).toEqual(["/v2/dlq", "/v2/dlq?cursor=a", "/v2/dlq?cursor=b"]);
  });

  test("a page with no body ends the walk; items() finds nothing on it", async () => {
    server.handle((_req, res) => (res.writeHead(200, { "content-length": "0" }), res.end()));
    expect(await collect(pages(client(), "GET", "/v2/dlq"))).toEqual([undefined]);
    expect(await collect(items(client(), "GET", "/v2/dlq"))).toEqual([]);
    expect(urls()).toEqual(["/v2/dlq", "/v2/dlq"]);
  });

  test("items() takes a page without the item list as empty and reads on", async () => {
    serve({ cursor: "c1" }, { messages: [{ id: "m1" }, { id: "m2" }] });
    expect(await collect(items(client(), "GET", "/v2/dlq"))).toEqual([{ id: "m1" }, { id: "m2" }]);
    expect(urls()).toEqual(["/v2/dlq", "/v2/dlq?cursor=c1"]);
  });

  test("an error status with no body still ends the walk with QStashResponseError", async () => {
    server.handle((_req, res) => (res.writeHead(500, { "content-length": "0" }), res.end()));
    const error = await collect(pages(client(), "GET", "/v2/dlq")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QStashResponseError);
    expect(error).toMatchObject({ method: "GET", path: "/v2/dlq", status: 500, body: undefined, rateLimit: undefined });
    expect((error as Error).message).toBe("GET /v2/dlq: HTTP 500");
    expect(urls()).toEqual(["/v2/dlq"]);
  });

  test("a 429 ends the walk with its rate limit", async () => {
    const headers = { "Burst-RateLimit-Limit": "100", "Burst-RateLimit-Remaining": "0" };
    server.handle((_req, res) => json(res, 429, { error: "slow down" }, headers));
    const error = await collect(pages(client(), "GET", "/v2/dlq")).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, body: { error: "slow down" } });
    expect((error as QStashResponseError).rateLimit).toEqual({ kind: "burst", limit: 100, remaining: 0 });
  });

  test("maxPages 1 reads one page, then names the bound it reached", async () => {
    server.handle((_req, res) => json(res, 200, { cursor: "more" }));
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const page of pages(client(), "GET", "/v2/dlq", undefined, { maxPages: 1 })) seen.push(page);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ cursor: "more" }]);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe(
      "GET /v2/dlq: the server still returns a cursor after 1 pages (maxPages); pass a larger maxPages to read on",
    );
    expect(urls()).toEqual(["/v2/dlq"]);
  });

  test("maxPages 1 with a last page is no error, and Infinity is no bound", async () => {
    serve({});
    expect(await collect(pages(client(), "GET", "/v2/dlq", undefined, { maxPages: 1 }))).toEqual([{}]);
    serve({ cursor: "c1" }, {});
    expect(await collect(pages(client(), "GET", "/v2/dlq", undefined, { maxPages: Infinity }))).toHaveLength(2);
  });

  test.each([0, -1, 0.5, NaN])("maxPages %s is refused before anything is sent", async (maxPages) => {
    const error = await collect(pages(client(), "GET", "/v2/dlq", undefined, { maxPages })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QStashGuardError);
    expect((error as Error).message).toBe(`maxPages must be 1 or more, got ${maxPages}`);
    expect(server.received).toHaveLength(0);
  });

  test("an operation the spec does not paginate is refused before anything is sent", async () => {
    const asPages = await collect(pages(client(), "GET", "/v2/queues" as never)).catch((e: unknown) => e);
    expect(asPages).toBeInstanceOf(QStashGuardError);
    expect((asPages as Error).message).toBe("GET /v2/queues is not cursor-paginated in the spec");
    const asItems = await collect(items(client(), "GET", "/v2/queues" as never)).catch((e: unknown) => e);
    expect(asItems).toBeInstanceOf(QStashGuardError);
    expect((asItems as Error).message).toBe("GET /v2/queues has no item list named in the spec");
    expect(server.received).toHaveLength(0);
  });

  test("items() of a bulk delete that pages without an item list is refused before anything is sent", async () => {
    const error = await collect(items(client(), "DELETE", "/v2/dlq", { all: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QStashGuardError);
    expect((error as Error).message).toBe("DELETE /v2/dlq has no item list named in the spec");
    expect(server.received).toHaveLength(0);
  });
});

// Issue 10, class 7: every loop that follows a server's answer has a bound. Where the code has none
// of its own, the test holds one (a signal aborted after a runaway count of requests, a fake client
// that gives up), so that a loop that would never end fails the test instead of hanging it.

describe("pages() and items(): a server that returns a new cursor forever", () => {
  const endless = () => {
    const stop = runawayStop(server);
    server.handle(
      (req, res) => (
        stop.count(), json(res, 200, { cursor: `c${req.url.length}-${server.received.length}`, messages: [{}] })
      ),
    );
    return stop;
  };

  test("pages() stops at maxPages with a clear error", async () => {
    const stop = endless();
    const walk = async () => {
      for await (const _ of pages(client(), "GET", "/v2/dlq", { signal: stop.signal }, { maxPages: 7 })) void _;
    };
    const error = await walk().catch((e: unknown) => e);
    expect(server.received).toHaveLength(7);
    expect(error).toBeInstanceOf(RangeError);
    expect(String((error as Error).message)).toMatch(/after 7 pages \(maxPages\)/);
  });

  test("items() passes maxPages on", async () => {
    const stop = endless();
    let seen = 0;
    const error = await (async () => {
      for await (const _ of items(client(), "GET", "/v2/dlq", { signal: stop.signal }, { maxPages: 3 })) seen++;
    })().catch((e: unknown) => e);
    expect(server.received).toHaveLength(3);
    expect(seen).toBe(3);
    expect(error).toBeInstanceOf(RangeError);
  });

  test("by default pages() stops after 1,000 pages", async () => {
    let calls = 0;
    const page = () => ({ data: { cursor: `c${calls}` }, response: new Response() });
    const fake = { GET: async () => (calls++ > 5_000 ? Promise.reject(new Error("runaway loop")) : page()) };
    const error = await (async () => {
      for await (const _ of pages(fake as never, "GET", "/v2/dlq")) void _;
    })().catch((e: unknown) => e);
    expect(calls).toBe(1000);
    expect(error).toBeInstanceOf(RangeError);
  });
});
