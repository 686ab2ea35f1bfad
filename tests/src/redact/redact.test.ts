import { describe, expect, test } from "vitest";
import { mayHoldToken, redact, redactValue, scrub, shownResponse, withoutToken } from "../../../src/redact.ts";

// The redactor's own rules, one by one. A made-up token with the characters that change form in
// URLs and JSON ("+", "/", "=") and a regex metacharacter (".").
const TOKEN = "not-a-real+token/x.y=";
const M = "[redacted]";
const PERCENT = encodeURIComponent(TOKEN);
const UNICODE = [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
const FORMS: [string, string][] = [
  ["raw", TOKEN],
  ["percent-encoded", PERCENT],
  ["percent-encoded, lower-case hex", PERCENT.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())],
  ["JSON-escaped (\\/)", TOKEN.replace(/\//g, "\\/")],
  ["\\u-escaped", UNICODE],
  ["half \\u-escaped, half percent-encoded", UNICODE.slice(0, 6 * 10) + encodeURIComponent(TOKEN.slice(10))],
  ["in upper case", TOKEN.toUpperCase()],
];

describe("withoutToken", () => {
  test.each(FORMS)("masks the token %s", (_form, shown) => {
    expect(PERCENT).not.toBe(TOKEN);
    expect(withoutToken(`a ${shown} b`, TOKEN)).toBe(`a ${M} b`);
  });

  test("masks every occurrence, with the mask asked for", () => {
    expect(withoutToken(`${TOKEN},${PERCENT}`, TOKEN)).toBe(`${M},${M}`);
    expect(withoutToken(`${TOKEN},${TOKEN}`, TOKEN, "***")).toBe("***,***");
  });

  test("takes the token's characters literally, not as a pattern", () => {
    for (const text of ["not-a-real+token/xzy=", "not-a-reallltoken/x.y=", "not-a-realtoken/x.y="]) {
      expect(withoutToken(text, TOKEN)).toBe(text);
    }
  });

  test("a character below 0x10 has two hex digits in its percent form", () => {
    expect(withoutToken("a%09b \\u0009", "\t")).toBe(`a${M}b ${M}`);
  });

  test("with no token, or an empty one, the text is unchanged", () => {
    expect(withoutToken(`x ${TOKEN}`, undefined)).toBe(`x ${TOKEN}`);
    expect(withoutToken("abc", "")).toBe("abc");
  });

  test("a new token replaces the one looked for before", () => {
    expect(withoutToken(`${TOKEN} other-token`, TOKEN)).toBe(`${M} other-token`);
    expect(withoutToken(`${TOKEN} other-token`, "other-token")).toBe(`${TOKEN} ${M}`);
  });
});

describe("mayHoldToken", () => {
  test.each(FORMS.filter(([form]) => form !== "in upper case"))("true for the token %s", (_form, shown) => {
    expect(mayHoldToken(`{"a":"${shown}"}`, TOKEN)).toBe(true);
  });

  test.each([
    ["no token", '{"a":"b"}'],
    ["escapes but no token", '{"a":"50% \\/ \\u0041"}'],
    // Without a "%" or "\" only the exact token is looked for: the body is not searched further.
    ["a case variant, with nothing escaped", `{"a":"${TOKEN.toUpperCase()}"}`],
  ])("false for %s", (_what, text) => {
    expect(mayHoldToken(text, TOKEN)).toBe(false);
  });
});

describe("redact", () => {
  test.each([
    [`GET /v2/dlq?qstash_token=${TOKEN}&a=1`, `GET /v2/dlq?qstash_token=${M}&a=1`],
    ["?qstash_token=someone-elses&a=1", `?qstash_token=${M}&a=1`],
    ["?QSTASH_TOKEN=someone-elses#top", `?QSTASH_TOKEN=${M}#top`],
    ["x%3Fqstash_token%3Dsomeone-elses%26a", `x%3Fqstash_token%3D${M}`],
    ['{"url":"/?qstash_token=abc"}', `{"url":"/?qstash_token=${M}"}`],
    ["'/?qstash_token=abc' and qstash_token=def ok", `'/?qstash_token=${M}' and qstash_token=${M} ok`],
    [`Authorization: Bearer ${TOKEN}`, `Authorization: Bearer ${M}`],
    ["authorization: bearer someone-elses, next", `authorization: bearer ${M}, next`],
    ["Bearer  two-spaces Bearer\tand-a-tab", `Bearer  ${M} Bearer\t${M}`],
    ["Bearer%20encoded Bearer+plus", `Bearer%20${M} Bearer+${M}`],
    [`"Bearer quoted" 'Bearer single'`, `"Bearer ${M}" 'Bearer ${M}'`],
    ["nothing secret here", "nothing secret here"],
  ])("redact(%j)", (text, want) => {
    expect(redact(text, TOKEN)).toBe(want);
  });

  test("masks query and Bearer credentials even with no token given", () => {
    expect(redact("qstash_token=a Bearer b", undefined)).toBe(`qstash_token=${M} Bearer ${M}`);
  });
});

describe("redactValue", () => {
  const clean = (text: string) => withoutToken(text, TOKEN);
  const nest = (levels: number, inner: unknown): unknown => (levels ? [nest(levels - 1, inner)] : inner);

  test("cleans every string, keys included, and keeps everything else as it is", () => {
    const value = { [TOKEN]: [TOKEN, 1, true, null, { deep: `x ${PERCENT}` }], n: 0, f: false, u: undefined };
    expect(redactValue(value, clean)).toEqual({
      [M]: [M, 1, true, null, { deep: `x ${M}` }],
      n: 0,
      f: false,
      u: undefined,
    });
    expect(redactValue(TOKEN, clean)).toBe(M);
    expect(redactValue(42, clean)).toBe(42);
    expect(Array.isArray(redactValue([], clean))).toBe(true);
  });

  test("searches 100 levels deep and masks a deeper branch whole", () => {
    expect(redactValue(nest(101, TOKEN), clean)).toEqual(nest(101, M));
    expect(redactValue(nest(102, "harmless"), clean)).toEqual(nest(101, M));
    expect(redactValue({ a: nest(101, "harmless") }, clean)).toEqual({ a: nest(100, M) });
  });
});

describe("shownResponse", () => {
  const response = (init: ResponseInit, url = "") => {
    const r = new Response("body", init);
    if (url) Object.defineProperty(r, "url", { value: url });
    return r;
  };

  test("a response that shows no token is returned as it is", () => {
    const r = response({ status: 200, statusText: "OK", headers: { "x-a": "1" } }, "https://q/v2/dlq");
    expect(shownResponse(r, TOKEN, false)).toBe(r);
  });

  test("with hideUrl, a copy without the URL and the body, the rest kept", async () => {
    const r = response({ status: 201, statusText: "Made", headers: { "x-a": "1" } }, "https://q/v2/dlq");
    const shown = shownResponse(r, TOKEN, true);
    expect(shown).not.toBe(r);
    expect(shown.url).toBe("");
    expect([shown.status, shown.statusText, shown.headers.get("x-a")]).toEqual([201, "Made", "1"]);
    expect(await shown.text()).toBe("");
  });

  test("a token in the URL alone makes a copy", () => {
    const shown = shownResponse(response({ status: 200 }, `https://q/?qstash_token=${PERCENT}`), TOKEN, false);
    expect(shown.url).toBe("");
    expect(shown.status).toBe(200);
  });

  test("a token in the status text is masked there", () => {
    const shown = shownResponse(response({ status: 400, statusText: `Bad ${TOKEN}` }), TOKEN, false);
    expect([shown.status, shown.statusText]).toEqual([400, `Bad ${M}`]);
  });

  // Separate cases: either leak alone must make the copy.
  const token = "fake-token-abc";
  test("a token in a header value is masked there", () => {
    const shown = shownResponse(response({ status: 200, headers: { "x-echo": token, "x-a": "kept" } }), token, false);
    expect([...shown.headers.keys()]).toEqual(["content-type", "x-a", "x-echo"]);
    expect([shown.headers.get("x-a"), shown.headers.get("x-echo")]).toEqual(["kept", M]);
  });

  test("a header whose name holds the token is dropped", () => {
    const shown = shownResponse(
      response({ status: 200, headers: { [`x-${token}`]: "1", "x-a": "kept" } }),
      token,
      false,
    );
    expect([...shown.headers.keys()]).toEqual(["content-type", "x-a"]);
  });
});

describe("scrub", () => {
  test("masks the message, the stack and every own string property, in place", () => {
    const error = Object.assign(new TypeError(`Invalid URL ${TOKEN}`), { input: `http://x/?qstash_token=${TOKEN}` });
    expect(scrub(error, TOKEN)).toBe(error);
    expect(error.message).toBe(`Invalid URL ${M}`);
    expect(error.stack).not.toContain(TOKEN);
    expect(error.stack).toContain(`Invalid URL ${M}`);
    expect(error.input).toBe(`http://x/?qstash_token=${M}`);
  });

  test("follows the cause chain, four causes deep", () => {
    const chain = [0, 1, 2, 3, 4].map((level) => new Error(`level ${level} ${TOKEN}`));
    chain.reduce((outer, inner) => Object.assign(outer, { cause: inner }) && inner);
    scrub(chain[0], TOKEN);
    expect(chain.map((e) => e.message)).toEqual([0, 1, 2, 3, 4].map((level) => `level ${level} ${M}`));
  });

  test("follows an AggregateError's errors, and a cause that is a plain object", () => {
    const inner = { detail: `got ${TOKEN}` };
    const error = new AggregateError([new Error(TOKEN), new Error("fine", { cause: inner })], "many");
    scrub(error, TOKEN);
    expect(error.errors.map((e: Error) => e.message)).toEqual([M, "fine"]);
    expect(inner.detail).toBe(`got ${M}`);
  });

  test("ends on a cause chain that loops", () => {
    const error: Error & { cause?: unknown } = new Error(TOKEN);
    error.cause = error;
    expect(scrub(error, TOKEN).message).toBe(M);
  });

  test("changes only the error chain's strings that hold a credential", () => {
    const theirs = { url: `https://x/?qstash_token=${TOKEN}` };
    const error = Object.assign(new Error("plain"), { request: theirs });
    Object.defineProperty(error, "computed", { get: () => "no secret", enumerable: true, configurable: true });
    scrub(error, TOKEN);
    // An object the error merely refers to may be the caller's own: scrub leaves it alone.
    expect(theirs.url).toBe(`https://x/?qstash_token=${TOKEN}`);
    expect(Object.getOwnPropertyDescriptor(error, "computed")!.get).toBeTypeOf("function");
    expect(error.message).toBe("plain");
  });

  test("leaves what it cannot change: values that are not objects, and frozen objects", () => {
    for (const value of [undefined, null, 0, TOKEN]) expect(scrub(value, TOKEN)).toBe(value);
    const frozen = Object.freeze({ message: TOKEN, other: `Bearer ${TOKEN}` });
    expect(() => scrub(frozen, TOKEN)).not.toThrow();
    expect(frozen.message).toBe(TOKEN);
  });
});
