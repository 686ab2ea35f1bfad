import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createQStashClient } from "../../../src/index.ts";
import { redact, scrub, shownResponse, withoutToken } from "../../../src/redact.ts";
import { visible } from "../../helpers/visible.ts";
import { startLocalServer } from "../../helpers/local-server.ts";

// Issue 21, class 6: a token the server echoed percent-encoded twice reached the caller. One redactor
// (src/redact.ts) masks every encoding a proxy or a framework plausibly applies, with one mask, in every
// place a caller can look: the error, the data, the headers, the status text, a thrown error's message
// and cause. The live gate's redactor is folded into it (its prose-aware Bearer rule included).

// Characters that change form in URLs, forms, JSON, HTML and base64: "+" "/" "=" "_" "-".
const TOKEN = "eyJVc2VySUQiOiJ4In0=+s3cr3t/T0KEN_9f8e-7d6c";
const M = "[redacted]";

const pct = (text: string) => encodeURIComponent(text);
const everyCharPct = (text: string) =>
  [...new TextEncoder().encode(text)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
const htmlEach = (text: string, form: (code: number) => string) => [...text].map((c) => form(c.charCodeAt(0))).join("");
const htmlPunct = (text: string, table: Record<string, string>) => [...text].map((c) => table[c] ?? c).join("");
const b64 = (text: string) => Buffer.from(text).toString("base64");
const b64url = (text: string) => Buffer.from(text).toString("base64url");
const unicode = (text: string) => [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

/** The token as a server, a proxy or a framework may write it back. */
const FORMS: [string, string][] = [
  ["percent-encoded once", pct(TOKEN)],
  ["percent-encoded twice", pct(pct(TOKEN))],
  ["percent-encoded three times", pct(pct(pct(TOKEN)))],
  ["percent-encoded twice, lower-case hex", pct(pct(TOKEN)).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())],
  ["every character percent-encoded", everyCharPct(TOKEN)],
  ["every character percent-encoded twice", pct(everyCharPct(TOKEN))],
  ["form-decoded (+ read as a space)", TOKEN.replace(/\+/g, " ")],
  ["form-decoded, then percent-encoded", pct(TOKEN.replace(/\+/g, " "))],
  ["JSON \\u escapes", unicode(TOKEN)],
  ["JSON \\/ escape", TOKEN.replace(/\//g, "\\/")],
  ["HTML decimal entities, every character", htmlEach(TOKEN, (c) => `&#${c};`)],
  ["HTML hex entities, every character", htmlEach(TOKEN, (c) => `&#x${c.toString(16)};`)],
  [
    "HTML hex entities, upper case, zero-padded",
    htmlEach(TOKEN, (c) => `&#X${c.toString(16).toUpperCase().padStart(4, "0")};`),
  ],
  ["HTML entities for punctuation only (OWASP)", htmlPunct(TOKEN, { "+": "&#x2B;", "/": "&#x2F;", "=": "&#x3D;" })],
  ["HTML named entities", htmlPunct(TOKEN, { "+": "&plus;", "/": "&sol;", "=": "&equals;", _: "&lowbar;" })],
  ["base64 of the token", b64(TOKEN)],
  ["base64url of the token", b64url(TOKEN)],
  ["base64 of 'Bearer <token>'", b64(`Bearer ${TOKEN}`)],
  ["base64 of an echoed header block", b64(`{"headers":{"authorization":"Bearer ${TOKEN}"}}`)],
  ["base64, two bytes in", b64(`ab${TOKEN}xyz`)],
  ["base64url, one byte in", b64url(`a${TOKEN}`)],
  [
    "half percent-encoded twice, half as HTML entities",
    pct(pct(TOKEN.slice(0, 20))) + htmlEach(TOKEN.slice(20), (c) => `&#${c};`),
  ],
];

/** Forms that hold more than the token: their ends are not the token's and may stay. */
const EMBEDDED = new Set([b64(`Bearer ${TOKEN}`), b64(`{"headers":{"authorization":"Bearer ${TOKEN}"}}`)]);
EMBEDDED.add(b64(`ab${TOKEN}xyz`)).add(b64url(`a${TOKEN}`));

/**
 * What of a form must not show: the whole of it, or any long stretch of it (a mask over a few
 * characters in the middle would still leave the rest readable). A stretch is a third of the form,
 * at least 12 characters: from the start, the middle and the end (only the middle where the form
 * holds more than the token).
 */
function stretches(form: string): string[] {
  const size = Math.max(12, Math.floor(form.length / 3));
  const middle = form.slice(Math.floor((form.length - size) / 2)).slice(0, size);
  return EMBEDDED.has(form) ? [form, middle] : [form, form.slice(0, size), middle, form.slice(-size)];
}

describe("the redactor on each form", () => {
  test.each(FORMS)("withoutToken masks the token %s", (_what, form) => {
    const out = withoutToken(`before ${form} after`, TOKEN);
    expect(out).toContain(M);
    for (const part of stretches(form)) expect(out).not.toContain(part);
    expect(out.startsWith("before ")).toBe(true);
  });

  test.each(FORMS)("redact masks the token %s", (_what, form) => {
    const out = redact(`error: ${form}`, TOKEN);
    for (const part of stretches(form)) expect(out).not.toContain(part);
  });

  test("text without the token is left as it is, whatever its escapes", () => {
    const text = `a%2520b &#43; &plus; \\u0041 ${b64("something else entirely, long enough")} c+d`;
    expect(withoutToken(text, TOKEN)).toBe(text);
  });

  test("a JSON text stays JSON after masking (an escape's backslash is never left dangling)", () => {
    for (const [, form] of FORMS) {
      const text = JSON.stringify({ echo: `C:\\${form}`, more: [form] });
      expect(() => JSON.parse(redact(text, TOKEN))).not.toThrow();
    }
  });
});

describe("one redactor, one mask: the live gate's rules", () => {
  const token = "tok/en+1";
  test.each([
    ["raw", `echo ${token}`],
    ["percent-encoded", `echo ${encodeURIComponent(token)}`],
    ["percent-encoded, lower-case hex", `echo ${encodeURIComponent(token).toLowerCase()}`],
    ["JSON-escaped", `echo ${JSON.stringify(token).replace("/", "\\/")}`],
    ["in a query", "GET /v2/dlq?qstash_token=someone-elses"],
    ["as a credential", "authorization: Bearer someone-elses"],
  ])("masks the token %s with [redacted]", (_name, text) => {
    const out = redact(text, token);
    expect(out).toContain(M);
    for (const form of ["tok/en", "tok\\/en", "tok%2Fen", "en%2B1", "someone-elses"])
      expect(out.toLowerCase()).not.toContain(form.toLowerCase());
  });

  test.each(["send a bearer token", "Bearer tokens expire", "pass a Bearer token.", "(a Bearer token)"])(
    "leaves the prose %j alone",
    (text) => {
      expect(redact(text, token)).toBe(text);
    },
  );

  test("a credential named 'token…' is still masked, and the mask is never masked again", () => {
    expect(redact("Bearer tokenABC123", token)).toBe(`Bearer ${M}`);
    expect(redact(`Bearer ${M}`, token)).toBe(`Bearer ${M}`);
  });
});

describe("every place a caller can look", () => {
  let server: Awaited<ReturnType<typeof startLocalServer>>;
  beforeAll(async () => (server = await startLocalServer()));
  afterAll(() => server.close());

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  };
  /** Places a server can put an echo, each given the form to echo. */
  const PLACES: [string, (res: ServerResponse, form: string) => void][] = [
    ["a JSON error body", (res, form) => send(res, 401, JSON.stringify({ error: `bad credential ${form}` }))],
    ["a text error body", (res, form) => send(res, 500, `upstream said ${form}`, { "content-type": "text/plain" })],
    ["a JSON 2xx body", (res, form) => send(res, 200, JSON.stringify({ messages: [], echo: form, [form]: 1 }))],
    ["a header", (res, form) => send(res, 400, "{}", { "x-echo": form })],
    ["a Location", (res, form) => send(res, 302, "{}", { location: `/v2/elsewhere?t=${form}` })],
    [
      "the status text",
      (res, form) => {
        res.statusMessage = `Bad ${form}`;
        send(res, 400, "{}");
      },
    ],
    ["a 2xx body that is not JSON", (res, form) => send(res, 200, `${form} and more`)],
  ];
  /** The forms a rendering of `outcome` still shows (a long stretch of any is enough). */
  const shownForms = async (outcome: unknown, forms = FORMS) => {
    const seen = await visible(outcome);
    return forms.filter(([, form]) => stretches(form).some((part) => seen.includes(part))).map(([what]) => what);
  };

  // One test per place runs every form (22 cases each).
  test.each(PLACES)("%s echoing the token in any form: not in what the call gives back", async (_place, echo) => {
    const leaks: string[] = [];
    for (const [what, form] of FORMS) {
      server.handle((_r, res) => echo(res, form));
      const client = createQStashClient({ token: TOKEN, baseUrl: server.url, retry: false });
      const outcome = await client.GET("/v2/dlq").catch((error: unknown) => error);
      if ((await shownForms(outcome, [[what, form]])).length) leaks.push(what);
    }
    expect(leaks).toEqual([]);
  });

  test("a fetch that fails with the token in its error and cause, in any form", async () => {
    const leaks: string[] = [];
    for (const [what, form] of FORMS) {
      const failing = async () => {
        throw new TypeError(`fetch failed for ${form}`, { cause: new Error(`socket said ${form}`) });
      };
      const client = createQStashClient({ token: TOKEN, baseUrl: "http://127.0.0.1:9", fetch: failing, retry: false });
      const outcome = await client.GET("/v2/dlq").catch((error: unknown) => error);
      if ((await shownForms(outcome, [[what, form]])).length) leaks.push(what);
    }
    expect(leaks).toEqual([]);
  });

  test("scrub and shownResponse mask the token in any form", async () => {
    const leaks: string[] = [];
    for (const [what, form] of FORMS) {
      const error = scrub(new Error(`m ${form}`, { cause: { detail: `c ${form}` } }), TOKEN);
      const response = shownResponse(new Response(null, { headers: { "x-echo": form } }), TOKEN, false);
      if ((await shownForms([error, response], [[what, form]])).length) leaks.push(what);
    }
    expect(leaks).toEqual([]);
  });
});
