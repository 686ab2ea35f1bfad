import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  cancelMessages,
  createQStashClient,
  pages,
  QStashGuardError,
  QStashResponseError,
  QStashTransportError,
  redact,
} from "../../../src/index.ts";
import { closedPort, json, startLocalServer, type Handler } from "../../helpers/local-server.ts";

const TOKEN = "qst_SECRET-9f8e7d6c5b4a";
let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => (server = await startLocalServer()));
afterAll(() => server.close());

/** Every way an error can be printed or serialised, the cause chain included. */
function renderings(error: unknown): string[] {
  const out = [
    String(error),
    inspect(error, { depth: 20, showHidden: true }),
    JSON.stringify(error, Object.getOwnPropertyNames(error ?? {})),
  ];
  for (let at: any = error, depth = 0; at && depth < 6; at = at.cause, depth++) {
    out.push(
      String(at.message),
      String(at.stack),
      JSON.stringify(at),
      ...Object.values(at).map((v) => inspect(v, { depth: 10 })),
    );
  }
  return out;
}

async function errorOf(run: () => Promise<unknown> | unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

type Auth = "header" | "query";
const client = (auth: Auth, extra: Parameters<typeof createQStashClient>[0] = {}) =>
  createQStashClient({ token: TOKEN, auth, baseUrl: server.url, retry: { baseDelay: 1, attempts: 2 }, ...extra });

// Each case installs the server's answer it needs; every other case meets one that would make the call
// succeed, so a case passes only through the error it names (and a guard's error means nothing was sent).
const ANSWERS_200: Handler = (_r, res) => json(res, 200, { messages: [], messageId: "m" });
beforeEach(() => server.handle(ANSWERS_200));

type Expected = [new (...args: any[]) => Error, Record<string, unknown>?];
const ERRORS: [string, (auth: Auth) => Promise<unknown>, Expected][] = [
  [
    "refused",
    (auth) => errorOf(async () => client(auth, { baseUrl: `http://127.0.0.1:${await closedPort()}` }).GET("/v2/dlq")),
    [QStashTransportError, { failure: "refused" }],
  ],
  [
    "reset",
    (auth) => errorOf(() => (server.handle((_r, _s, socket) => socket.destroy()), client(auth).GET("/v2/dlq"))),
    [QStashTransportError, { failure: "reset" }],
  ],
  [
    "timeout",
    (auth) => errorOf(() => (server.handle(() => {}), client(auth, { timeout: 50 }).GET("/v2/dlq"))),
    [QStashTransportError, { failure: "timeout" }],
  ],
  [
    "invalid body",
    (auth) => errorOf(() => (server.handle((_r, res) => res.end("not json")), client(auth).GET("/v2/dlq"))),
    [QStashTransportError, { failure: "invalid-body" }],
  ],
  [
    "invalid base URL",
    (auth) => errorOf(() => client(auth, { baseUrl: "http://bad host:99999" }).GET("/v2/dlq")),
    [QStashGuardError],
  ],
  [
    "invalid path value in a URL",
    (auth) =>
      errorOf(() =>
        client(auth, {
          fetch: () =>
            Promise.reject(
              Object.assign(new TypeError(`Invalid URL ${TOKEN}`), { input: `http://x/?qstash_token=${TOKEN}` }),
            ),
        }).GET("/v2/dlq"),
      ),
    [QStashTransportError, { failure: "network" }],
  ],
  ["bulk guard", (auth) => errorOf(() => client(auth).DELETE("/v2/dlq", { all: false })), [QStashGuardError]],
  [
    "empty path parameter",
    (auth) => errorOf(() => client(auth).GET("/v2/dlq/{dlqId}", { params: { path: { dlqId: "" } } })),
    [QStashGuardError],
  ],
  [
    "bad destination",
    (auth) =>
      errorOf(() =>
        client(auth).POST("/v2/publish/{destination}", { params: { path: { destination: "ftp://x" } }, body: "x" }),
      ),
    [QStashGuardError],
  ],
  [
    "unknown region",
    () => errorOf(() => createQStashClient({ token: TOKEN, region: "mars-1" as never })),
    [QStashGuardError],
  ],
  [
    "HTTP error in a page iterator",
    (auth) =>
      errorOf(async () => {
        server.handle((_r, res) =>
          json(res, 429, { error: "slow down" }, { "Burst-RateLimit-Remaining": "0", "Burst-RateLimit-Reset": "1" }),
        );
        for await (const _ of pages(client(auth, { retry: false }), "GET", "/v2/dlq")) void _;
      }),
    [QStashResponseError, { status: 429 }],
  ],
  [
    "HTTP error in cancelMessages",
    (auth) =>
      errorOf(
        () => (
          server.handle((_r, res) => json(res, 500, { error: "down" })),
          cancelMessages(client(auth, { retry: false }), { label: ["a"] })
        ),
      ),
    [QStashResponseError, { status: 500 }],
  ],
  [
    "HTTP error while cancelMessages follows a bulk action",
    (auth) =>
      errorOf(() => {
        server.handle((req, res) =>
          req.method === "DELETE"
            ? json(res, 202, { cancelled: 1, actionId: "ba-1" })
            : json(res, 500, { error: "down" }),
        );
        return cancelMessages(client(auth, { retry: false }), { label: ["a"] }, { interval: 0 });
      }),
    [QStashResponseError, { method: "GET", status: 500 }],
  ],
];

describe.each(["header", "query"] as const)("no token in any error (%s auth)", (auth) => {
  test.each(ERRORS)("%s", async (_name, produce, [type, fields = {}]) => {
    const error = await produce(auth);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject(fields);
    if (type === QStashGuardError) expect(server.received).toHaveLength(0);
    for (const text of renderings(error)) expect(text).not.toContain(TOKEN);
  });
});

describe("no token in logs, printed results or the client itself", () => {
  test.each(["header", "query"] as const)("retry log lines (%s auth)", async (auth) => {
    server.handle((_r, res) => json(res, 503, { error: "busy" }));
    const lines: string[] = [];
    await client(auth, { log: (l) => lines.push(l), retry: { attempts: 3, baseDelay: 1 } }).GET("/v2/dlq");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain(TOKEN);
  });

  test("with query auth, the returned response's URL does not carry the token", async () => {
    server.handle((_r, res) => json(res, 200, { messages: [] }));
    const { response } = await client("query").GET("/v2/dlq");
    expect(server.received[0]!.url).toContain(`qstash_token=${encodeURIComponent(TOKEN)}`);
    expect(response.url).not.toContain(TOKEN);
    expect(inspect(response, { depth: 5 })).not.toContain(TOKEN);
  });

  test.each(["header", "query"] as const)("inspecting the client shows no token (%s auth)", (auth) => {
    const c = client(auth);
    expect(inspect(c, { depth: 10, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(c)).not.toContain(TOKEN);
  });

  test.each([
    [`GET https://x/v2/dlq?qstash_token=${TOKEN}&a=1`, "GET https://x/v2/dlq?qstash_token=[redacted]&a=1"],
    [`Authorization: Bearer ${TOKEN}`, "Authorization: Bearer [redacted]"],
    [`token ${encodeURIComponent(TOKEN)} here`, "token [redacted] here"],
    ["qstash_token=someone-elses", "qstash_token=[redacted]"],
  ])("redact(%j)", (input, want) => expect(redact(input, TOKEN)).toBe(want));
});
