import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cancelMessages, createQStashClient, pages } from "../../../src/index.ts";
import { json, startLocalServer, type Received } from "../../helpers/local-server.ts";
import { visible } from "../../helpers/visible.ts";

// Issue 10, class 5: a server that echoes the credential (the Authorization header, or the
// qstash_token query) must not get it into anything the caller receives: the returned
// { data, error, response }, a thrown error's message, stack, body or cause, a Response's headers,
// status text or URL. Forms checked: raw, URL-encoded (either hex case), JSON-escaped, and the first
// characters a JSON parse error would quote.

// "/" "+" "=" take different forms in JSON and in URLs.
const TOKEN = "eyJTRUNSRVQiOiJ4In0=/s3cr3t+T0KEN_9f8e-7d6c";
/** Every character of the token as a JSON \u escape. */
const UNICODE_ESCAPED = [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
const FORMS = [
  TOKEN,
  UNICODE_ESCAPED,
  encodeURIComponent(TOKEN),
  encodeURIComponent(TOKEN).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
  JSON.stringify(TOKEN).slice(1, -1).replace(/\//g, "\\/"),
  TOKEN.slice(0, 10),
];
let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => (server = await startLocalServer()));
afterAll(() => server.close());

type Auth = "header" | "query";
const client = (auth: Auth) => createQStashClient({ token: TOKEN, auth, baseUrl: server.url, retry: false });

/** The credential as the server received it: the Authorization header or the raw query. */
const credential = (req: Received) => req.headers.authorization ?? req.url;
const send = (
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
  statusText?: string,
) => {
  if (statusText) res.statusMessage = statusText;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(body);
};

async function expectNoToken(value: unknown) {
  const text = await visible(value);
  for (const form of FORMS) expect(text).not.toContain(form);
}

const settle = (p: Promise<unknown>) =>
  p.then(
    (result) => result,
    (error: unknown) => error,
  );

const ECHOES: [string, (req: Received, res: ServerResponse) => void][] = [
  [
    "a JSON error body quoting it",
    (req, res) => send(res, 401, JSON.stringify({ error: `bad credential: ${credential(req)}` })),
  ],
  [
    "a JSON error body with it nested and as a key",
    (req, res) => send(res, 400, JSON.stringify({ error: "no", seen: { list: [credential(req)], [TOKEN]: true } })),
  ],
  ["a JSON error body with it \\u-escaped", (_req, res) => send(res, 403, `{"error":"got ${UNICODE_ESCAPED}"}`)],
  [
    "a text error body",
    (req, res) => send(res, 500, `upstream said: ${credential(req)} is not valid`, { "content-type": "text/plain" }),
  ],
  [
    "a text error body with it URL-encoded",
    (_req, res) => send(res, 400, `bad ${FORMS[2]}`, { "content-type": "text/plain" }),
  ],
  [
    "a text error body with it URL-encoded in lower case",
    (_req, res) => send(res, 400, `bad ${FORMS[3]}`, { "content-type": "text/plain" }),
  ],
  ["a broken JSON error body with it JSON-escaped", (_req, res) => send(res, 400, `{"error":"${FORMS[4]}`)],
  ["a broken JSON error body with it \\u-escaped", (_req, res) => send(res, 400, `{"error":"${UNICODE_ESCAPED}`)],
  ["a header", (req, res) => send(res, 400, "{}", { "x-echo": credential(req), "x-raw": TOKEN })],
  [
    "a Location header of a redirect",
    (req, res) => send(res, 302, "{}", { location: `http://127.0.0.1:1${req.url}?t=${encodeURIComponent(TOKEN)}` }),
  ],
  ["the status text", (_req, res) => send(res, 400, "{}", {}, `Bad ${TOKEN}`)],
  [
    "a 429 with rate-limit headers",
    (_req, res) =>
      send(res, 429, JSON.stringify({ error: TOKEN }), { "burst-ratelimit-remaining": "0", "x-echo": TOKEN }),
  ],
  ["a 2xx body", (req, res) => send(res, 200, JSON.stringify({ messages: [], echo: credential(req), [TOKEN]: 1 }))],
  ["a 2xx body with it \\u-escaped", (_req, res) => send(res, 200, `{"messages":[],"echo":"${UNICODE_ESCAPED}"}`)],
  ["a 2xx header", (_req, res) => send(res, 200, "{}", { "x-echo": `Bearer ${TOKEN}` })],
  ["a 2xx body that is not JSON and starts with it", (_req, res) => send(res, 200, `${TOKEN} and more`)],
  ["a 204 with it in a header", (_req, res) => (res.writeHead(204, { "x-echo": TOKEN }), res.end())],
];

describe.each(["header", "query"] as const)("%s auth", (auth) => {
  test.each(ECHOES)("echoed in %s: not in what the call returns or throws", async (_name, echo) => {
    server.handle(echo);
    await expectNoToken(await settle(client(auth).GET("/v2/dlq")));
  });

  test.each(ECHOES)("echoed in %s: not in what pages() throws or yields", async (_name, echo) => {
    server.handle(echo);
    const seen: unknown[] = [];
    const walk = async () => {
      for await (const page of pages(client(auth), "GET", "/v2/dlq")) seen.push(page);
    };
    seen.push(await settle(walk()));
    await expectNoToken(seen);
  });

  test.each(ECHOES)("echoed in %s: not in what cancelMessages returns or throws", async (_name, echo) => {
    server.handle(echo);
    await expectNoToken(await settle(cancelMessages(client(auth), { label: ["a"] }, { interval: 0, maxPolls: 2 })));
  });

  test.each(ECHOES)(
    "echoed in %s, while following a bulk action: not in what cancelMessages returns or throws",
    async (_name, echo) => {
      server.handle((req, res) =>
        req.method === "DELETE" ? json(res, 202, { cancelled: 1, actionId: "ba-1" }) : echo(req, res),
      );
      await expectNoToken(await settle(cancelMessages(client(auth), { label: ["a"] }, { interval: 0, maxPolls: 2 })));
    },
  );
});

test("the echo tests see the token where they look for it: an unredacted rendering would fail them", async () => {
  server.handle((req, res) => json(res, 400, { error: credential(req) }));
  const raw = await fetch(`${server.url}/v2/dlq`, { headers: { authorization: `Bearer ${TOKEN}` } });
  await expect(expectNoToken({ error: await raw.json() })).rejects.toThrow();
  await expect(
    expectNoToken(new Response(null, { headers: { "x-echo": encodeURIComponent(TOKEN) } })),
  ).rejects.toThrow();
});
