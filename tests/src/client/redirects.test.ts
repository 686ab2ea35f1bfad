import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createQStashClient } from "../../../src/index.ts";
import { json, startLocalServer } from "../../helpers/local-server.ts";

// Issue 10, class 6: with `auth: "query"` the token is part of the URL, and a redirect that fetch
// follows takes it to the origin the Location names. Never send it to another origin.

const TOKEN = "redirect-test-token/+=";
let qstash: Awaited<ReturnType<typeof startLocalServer>>;
let elsewhere: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => {
  [qstash, elsewhere] = await Promise.all([startLocalServer(), startLocalServer()]);
  elsewhere.handle((_r, res) => json(res, 200, { messages: [] }));
});
afterAll(() => Promise.all([qstash.close(), elsewhere.close()]));

const client = (auth: "header" | "query") =>
  createQStashClient({ token: TOKEN, auth, baseUrl: qstash.url, retry: false }) as any;
const CALLS: [string, string, Record<string, unknown>][] = [
  ["GET", "/v2/dlq", {}],
  ["DELETE", "/v2/dlq", { params: { query: { dlqIds: ["d1"] } } }],
  ["POST", "/v2/publish/{destination}", { params: { path: { destination: "https://example.com/hook" } }, body: "hi" }],
];
const STATUSES = [301, 302, 303, 307, 308];
/** Redirects to the other server, keeping the path and query (the token with it), as a proxy or a region move would. */
const redirectAway = (status: number) =>
  qstash.handle((req, res) => (res.writeHead(status, { location: `${elsewhere.url}${req.url}` }), res.end()));
const holdsToken = (text: string | undefined) =>
  Boolean(text && (text.includes(TOKEN) || text.includes(encodeURIComponent(TOKEN))));

describe("query auth: a redirect to another origin", () => {
  beforeAll(() => elsewhere.handle((_r, res) => json(res, 200, { messages: [] })));

  test.each(STATUSES.flatMap((status) => CALLS.map(([method, path, init]) => [status, method, path, init] as const)))(
    "%i after %s %s: the other origin never sees the token; the caller gets the redirect",
    async (status, method, path, init) => {
      redirectAway(status);
      elsewhere.handle((_r, res) => json(res, 200, { messages: [] }));
      const result = await client("query")
        [method](path, init)
        .catch((e: unknown) => e);
      expect(elsewhere.received.filter((r) => holdsToken(r.url) || holdsToken(r.headers.authorization))).toEqual([]);
      expect(qstash.received).toHaveLength(1);
      expect(result.response?.status).toBe(status);
      expect(result.response.headers.get("location")).not.toBeNull();
      expect(holdsToken(result.response.headers.get("location"))).toBe(false);
    },
  );

  test("the Request a custom fetch receives says redirect: manual", async () => {
    const seen: Request[] = [];
    const c = createQStashClient({
      token: TOKEN,
      auth: "query",
      baseUrl: qstash.url,
      fetch: async (r) => (seen.push(r), new Response("{}")),
    });
    await c.GET("/v2/dlq");
    expect(seen[0]!.redirect).toBe("manual");
  });
});

describe("query auth: a same-origin redirect", () => {
  test("comes back to the caller unfollowed (the client never lets fetch follow with the token in the URL)", async () => {
    qstash.handle((req, res) => {
      if (!req.url.startsWith("/v2/dlq?")) return json(res, 200, {});
      res.writeHead(307, { location: `/v2/other${req.url.slice(7)}` });
      res.end();
    });
    const { response } = await client("query").GET("/v2/dlq");
    expect(response.status).toBe(307);
    expect(qstash.received.map((r) => r.url.split("?")[0])).toEqual(["/v2/dlq"]);
  });
});

// Issue 21, class 1: with header auth fetch used to follow redirects (dropping the Authorization header
// only across origins). Now no call follows one, whatever its auth: tests/src/redirect-guard.test.ts.
describe("header auth: a redirect comes back too", () => {
  test.each(STATUSES)("%i to another origin: the other origin sees nothing", async (status) => {
    redirectAway(status);
    elsewhere.handle((_r, res) => json(res, 200, { messages: [] }));
    const { response } = await client("header").GET("/v2/dlq");
    expect(qstash.received[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(response.status).toBe(status);
    expect(elsewhere.received).toHaveLength(0);
  });

  test("a same-origin redirect is not followed either", async () => {
    qstash.handle((req, res) => {
      if (req.url !== "/v2/dlq") return json(res, 200, {});
      res.writeHead(302, { location: "/v2/dlq/elsewhere" });
      res.end();
    });
    const { response } = await client("header").GET("/v2/dlq");
    expect(response.status).toBe(302);
    expect(qstash.received.map((r) => [r.url, r.headers.authorization])).toEqual([["/v2/dlq", `Bearer ${TOKEN}`]]);
  });
});
