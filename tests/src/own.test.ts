import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { seedFromEnv } from "../../scripts/contract/operations/cases.ts";
import { cancelMessages, createQStashClient, pages, verifySignature } from "../../src/index.ts";
import { queryOf } from "../../src/scope.ts";
import { json, startLocalServer } from "../helpers/local-server.ts";
import { sha256b64url, signToken } from "./verify-signature/cases.ts";

// Issue 21, class 2: `const { all } = init` and `for…in` over a query read what Object.prototype holds, so a
// prototype polluted anywhere in an app turned a scoped-looking call into "act on everything". The client
// reads its options, its params and its helpers' options as own properties only, and hands fetch a RequestInit
// whose every member is its own. Property: polluting Object.prototype with any option name changes nothing a
// call sends or answers. Every pollution is real (set, then deleted in a finally). 100 samples of 1 to 3
// names (one trace of every scenario each, about 20 ms quiet), and each dangerous name alone below.

const seed = seedFromEnv();
const TOKEN = "own-options-token";
const KEY = "signing-key-current";

/** Sets each name on Object.prototype while `run` runs, and removes it afterwards whatever happens. */
async function polluted<T>(pollution: [string, unknown][], run: () => Promise<T>): Promise<T> {
  const proto = Object.prototype as Record<string, unknown>;
  const added: string[] = [];
  try {
    for (const [name, value] of pollution) {
      if (Object.hasOwn(proto, name)) continue;
      Object.defineProperty(proto, name, { value, configurable: true, writable: true, enumerable: true });
      added.push(name);
    }
    return await run();
  } finally {
    for (const name of added) delete proto[name];
  }
}

/**
 * A JSON answer built from an own-only init: Node's Response reads `status`, `headers` and the rest of
 * its init from the prototype too, so the stand-in server must not be the thing a pollution changes.
 */
const answer = (body: unknown, status = 200) =>
  new Response(
    JSON.stringify(body),
    Object.assign(Object.create(null), {
      status,
      statusText: "",
      headers: Object.assign(Object.create(null), { "content-type": "application/json" }),
    }),
  );

/** What a recording fetch answers: a bulk action to follow, three pages of a list, 503 for one publish. */
function recorder() {
  const sent: string[] = [];
  let publishes = 0;
  const fetch = async (request: Request) => {
    const body = await request.text();
    const headers = [...request.headers].map(([n, v]) => `${n}: ${v}`).join("; ");
    sent.push(`${request.method} ${request.url} [${headers}] ${body} redirect=${request.redirect}`);
    const url = new URL(request.url);
    if (request.method === "DELETE" && url.pathname === "/v2/messages")
      return answer({ cancelled: 1, actionId: "ba-1" }, 202);
    if (url.pathname === "/v2/bulkActions/ba-1") return answer({ state: "FINISHED", processed: 1, total: 1 });
    if (url.pathname === "/v2/dlq" && request.method === "GET") {
      const at = url.searchParams.get("cursor");
      const next = at === null ? "c1" : at === "c1" ? "c2" : undefined;
      return answer({ messages: [{ id: at }], ...(next ? { cursor: next } : {}) });
    }
    if (url.pathname.startsWith("/v2/publish/") && publishes++ === 0) return answer({ error: "busy" }, 503);
    return answer({ ok: true });
  };
  return { sent, fetch };
}

/** What a caller can tell about an outcome: the answer's status and body, or the error's kind and message. */
async function outcome(run: () => Promise<any>): Promise<string> {
  try {
    const value = await run();
    if (value && typeof value === "object" && "response" in value)
      return `answer ${value.response.status} ${JSON.stringify(value.data ?? value.error ?? null)}`;
    return `value ${JSON.stringify(value)}`;
  } catch (error) {
    return `threw ${(error as Error).name}: ${(error as Error).message}`;
  }
}

const collect = async (walk: AsyncIterable<unknown>) => {
  const seen: unknown[] = [];
  for await (const page of walk) seen.push(page);
  return seen;
};

const now = Math.floor(Date.now() / 1000);
const expiredToken = signToken(
  KEY,
  { alg: "HS256", typ: "JWT" },
  {
    iss: "Upstash",
    sub: "https://example.com/hook",
    exp: now - 3600,
    nbf: now - 7200,
    body: sha256b64url(new Uint8Array()),
  },
);

/** Tokens that lack what a pollution could stand in for: the algorithm; the expiry and the issuer. */
const emptyBody = sha256b64url(new Uint8Array());
const noAlgorithm = signToken(
  KEY,
  { typ: "JWT" },
  { iss: "Upstash", sub: "s", exp: now + 300, nbf: now - 1, body: emptyBody },
);
const noExpiryNoIssuer = signToken(KEY, { alg: "HS256" }, { sub: "s", nbf: now - 1, body: emptyBody });
const verdictOf = async (token: Promise<string>) => {
  const verdict = await verifySignature({
    signature: await token,
    body: new Uint8Array(),
    currentSigningKey: KEY,
    nextSigningKey: "signing-key-next",
  });
  // The verdict without its detail, which counts seconds.
  return verdict.ok ? { ok: true } : { ok: false, reason: verdict.reason };
};

/** Calls of every kind, each with a client made inside the polluted stretch (its options are read there too). */
const SCENARIOS: [string, (fetch: (r: Request) => Promise<Response>) => Promise<any>][] = [
  ["GET with a filter", (f) => client(f).GET("/v2/dlq", { params: { query: { label: ["a"] } } })],
  ["GET with no init", (f) => client(f).GET("/v2/dlq")],
  [
    "a bulk DELETE with an empty filter and all: false",
    (f) => client(f).DELETE("/v2/dlq", { all: false, params: { query: {} } }),
  ],
  ["a bulk DELETE with ids", (f) => client(f).DELETE("/v2/dlq", { params: { query: { dlqIds: ["d1"] } } })],
  ["a bulk POST with all: false", (f) => client(f).POST("/v2/dlq/retry", { all: false })],
  ["a single DELETE", (f) => client(f).DELETE("/v2/dlq/{dlqId}", { params: { path: { dlqId: "d1" } } })],
  ["a single DELETE with no path value", (f) => client(f).DELETE("/v2/dlq/{dlqId}", { params: { path: {} } })],
  [
    "a publish, answered 503 once (not safe to repeat)",
    (f) =>
      client(f).POST("/v2/publish/{destination}", {
        params: { path: { destination: "https://example.com/hook" }, header: {} },
        headers: { "content-type": "text/plain" },
        body: "hi",
      }),
  ],
  ["cancelMessages with an empty scope", (f) => cancelMessages(client(f), {} as never, {})],
  ["cancelMessages with a filter", (f) => cancelMessages(client(f), { label: ["a"] }, { interval: 0 })],
  ["pages of a list", (f) => collect(pages(client(f), "GET", "/v2/dlq"))],
  ["pages of a list, options given", (f) => collect(pages(client(f), "GET", "/v2/dlq", {}, {}))],
  ["verifySignature of an expired token", () => verdictOf(expiredToken)],
  ["verifySignature of a token with no algorithm", () => verdictOf(noAlgorithm)],
  ["verifySignature of a token with no expiry and no issuer", () => verdictOf(noExpiryNoIssuer)],
];
const client = (fetch: (r: Request) => Promise<Response>) =>
  createQStashClient({ token: TOKEN, baseUrl: "http://qstash.test", fetch, retry: { baseDelay: 0 } }) as any;

async function trace(): Promise<string[]> {
  const lines: string[] = [];
  for (const [name, run] of SCENARIOS) {
    const { sent, fetch } = recorder();
    const said = await outcome(() => run(fetch));
    lines.push(`${name}: ${said}`, ...sent.map((s) => `  ${s}`));
  }
  return lines;
}

/** Option, param and helper-option names the client and its helpers read, and a few they must not. */
const NAMES = [
  "all",
  "timeout",
  "retry",
  "signal",
  "params",
  "query",
  "path",
  "header",
  "headers",
  "headerFamilies",
  "body",
  "maxResponseBytes",
  "label",
  "dlqIds",
  "dlqId",
  "messageIds",
  "queueName",
  "count",
  "cursor",
  "async",
  "destination",
  "Upstash-Forward-",
  "upstash-deduplication-id",
  "upstash-content-based-deduplication",
  "authorization",
  "content-type",
  "token",
  "auth",
  "baseUrl",
  "region",
  "fetch",
  "log",
  "attempts",
  "baseDelay",
  "interval",
  "maxPolls",
  "onProgress",
  "maxPages",
  "clockTolerance",
  "now",
  "alg",
  "crit",
  "exp",
  "iss",
  "actionId",
  "state",
  "cancelled",
  "url",
  "nextSigningKey",
  "method",
  "redirect",
  "dispatcher",
  "duplex",
  "keepalive",
  "mode",
  "credentials",
  "cache",
  "integrity",
  "referrer",
  "window",
  "GET",
  "DELETE",
  "POST",
  "DELETE /v2/dlq",
  "POST /v2/publish/{destination}",
  "GET /v2/dlq",
];
const VALUES: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  true,
  false,
  0,
  1,
  2,
  1e12,
  "x",
  "true",
  "HS256",
  "Upstash",
  "query",
  "https://elsewhere.test/",
  ["x"],
  { label: ["x"] },
  { query: { label: ["x"] } },
  { "Upstash-Forward-": { "X-Polluted": "1" } },
  [{ method: "DELETE", path: "/v2/dlq", ids: "dlqIds", filters: [] }],
  AbortSignal.abort(),
  () => {},
  async () => Response.json({ polluted: true }),
);

let baseline: string[];
beforeAll(async () => {
  baseline = await trace();
});

test("the scenarios do what they should when nothing is polluted", () => {
  const said = baseline.join("\n");
  expect(said).toMatch(/a bulk DELETE with an empty filter and all: false: threw QStashGuardError/);
  expect(said).toMatch(/a single DELETE with no path value: threw QStashGuardError/);
  expect(said).toMatch(/a publish, answered 503 once \(not safe to repeat\): answer 503/);
  expect(said).toMatch(/verifySignature of an expired token: value .*"expired"/);
  expect(said).toMatch(/verifySignature of a token with no algorithm: value .*"malformed-token"/);
  expect(said).toMatch(/verifySignature of a token with no expiry and no issuer: value .*"malformed-token"/);
  expect(said).toMatch(/pages of a list: value \[.*"c1".*"c2"/);
});

test("no pollution of Object.prototype changes what a call sends or answers", async () => {
  const pollutions = fc.sample(fc.array(fc.tuple(fc.constantFrom(...NAMES), VALUES), { minLength: 1, maxLength: 3 }), {
    seed,
    numRuns: 100,
  });
  const changed: string[] = [];
  for (const pollution of pollutions) {
    const seen = await polluted(pollution, trace);
    const differ = seen.findIndex((line, i) => line !== baseline[i]);
    if (differ !== -1 || seen.length !== baseline.length)
      changed.push(
        `${JSON.stringify(pollution.map(([n, v]) => [n, String(v)]))}: ${seen[differ] ?? "(lines missing)"}`,
      );
  }
  console.log(
    `own options: ${pollutions.length} pollutions, ${changed.length} changed a call (fast-check seed ${seed})`,
  );
  expect(changed.slice(0, 10)).toEqual([]);
}, 60_000);

test("a query names its parameters with no prototype: __proto__ and constructor are parameters too", () => {
  const query = queryOf("/v2/dlq?__proto__=a&constructor=b&toString=c&label=d");
  expect(Object.getPrototypeOf(query)).toBeNull();
  expect(Object.entries(query)).toEqual([
    ["__proto__", ["a"]],
    ["constructor", ["b"]],
    ["toString", ["c"]],
    ["label", ["d"]],
  ]);
});

describe("each name alone, with the value that would do most harm", () => {
  const HARM: [string, unknown][] = [
    ["all", true],
    ["label", ["x"]],
    ["dlqIds", ["x"]],
    ["dlqId", "x"],
    ["params", { query: { label: ["x"] } }],
    ["query", { label: ["x"] }],
    ["body", "x"],
    ["headers", { "x-polluted": "1" }],
    ["headerFamilies", { "Upstash-Forward-": { "X-Polluted": "1" } }],
    ["signal", AbortSignal.abort()],
    ["timeout", 1],
    ["retry", { attempts: 9 }],
    ["upstash-deduplication-id", "x"],
    ["maxPages", 1],
    ["maxPolls", 0],
    ["clockTolerance", 1e12],
    ["alg", "HS256"],
    ["exp", 1e12],
    ["iss", "Upstash"],
    ["actionId", "ba-1"],
    ["baseUrl", "https://elsewhere.test"],
    ["auth", "query"],
    ["redirect", "follow"],
    ["dispatcher", {}],
    ["referrer", "x"],
    ["POST /v2/publish/{destination}", ["Upstash-Polluted-"]],
  ];
  test.each(HARM)("Object.prototype[%j] changes nothing", async (name, value) => {
    expect(await polluted([[name, value]], trace)).toEqual(baseline);
  });
});

// Node's own fetch reads `body`, `signal` and `dispatcher` from its internal objects' prototype as well,
// so a pollution of those names breaks it whatever the client hands over; they are left out here. The
// property above proves the client's own reads and the RequestInit it hands over through a recording fetch.
describe("through a real fetch and a real server", () => {
  let server: Awaited<ReturnType<typeof startLocalServer>>;
  beforeAll(async () => {
    server = await startLocalServer();
    server.handle((_r, res) => json(res, 200, { ok: true }));
  });
  afterAll(() => server.close());

  test.each([
    ["all", true],
    ["label", ["x"]],
    ["dlqId", "x"],
    ["headers", { "x-polluted": "1" }],
    ["redirect", "follow"],
    ["fetch", async () => Response.json({ polluted: true })],
    ["baseUrl", "http://127.0.0.1:9"],
    ["token", "polluted-token"],
  ])("Object.prototype[%j]: the same requests reach the server", async (name, value) => {
    const calls = async () => {
      const c = createQStashClient({ token: TOKEN, baseUrl: server.url, retry: false }) as any;
      const said = [
        await outcome(() => c.DELETE("/v2/dlq", { all: false, params: { query: {} } })),
        await outcome(() => c.GET("/v2/dlq")),
        await outcome(() => c.DELETE("/v2/dlq/{dlqId}", { params: { path: { dlqId: "d1" } } })),
      ];
      const reached = server.received.map((r) => `${r.method} ${r.url} ${r.headers.authorization} ${r.body.length}`);
      server.handle((_r, res) => json(res, 200, { ok: true }));
      return [...said, ...reached];
    };
    const clean = await calls();
    expect(await polluted([[name, value]], calls)).toEqual(clean);
  });
});
