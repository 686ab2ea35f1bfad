import fc from "fast-check";
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { describe, expect, test } from "vitest";
import { QStashGuardError } from "../../src/guard-error.ts";
import { buildRequest, readResult } from "../../src/request.ts";

const BASE = "https://qstash.example";
const TOKEN = "request-unit-token-3b7e";
const build = (
  path: string,
  params?: Parameters<typeof buildRequest>[3],
  body?: unknown,
  headers: any[] = [],
  extra = "",
  destination?: string,
) => buildRequest("POST", BASE, path, params, headers, body, extra, destination);

describe("buildRequest: the URL", () => {
  test("a templated path with no params object is refused like a blank value, not a crash", () => {
    expect(() => build("/v2/dlq/{dlqId}")).toThrow(
      /^\/v2\/dlq\/\{dlqId\}: path parameter "dlqId" is empty or blank; nothing was sent$/,
    );
  });

  test("undefined and null query values are left out; lists repeat their name; names and values are encoded", () => {
    const { url } = build("/v2/dlq", { query: { a: undefined, b: null, label: ["x", "y z"], "n&m": "v=1" } });
    expect(url).toBe(`${BASE}/v2/dlq?label=x&label=y%20z&n%26m=v%3D1`);
  });

  test("QStash's own query joins a destination's query with & (or nothing after a bare ? or &)", () => {
    const auth = "&qstash_token=t";
    const publish = (destination: string) =>
      build("/v2/publish/{destination}", { path: { destination } }, undefined, [], auth, "destination").url;
    expect(publish("https://a.com/x")).toBe(`${BASE}/v2/publish/https://a.com/x?qstash_token=t`);
    expect(publish("https://a.com/x?k=1")).toBe(`${BASE}/v2/publish/https://a.com/x?k=1&qstash_token=t`);
    expect(publish("https://a.com/x?")).toBe(`${BASE}/v2/publish/https://a.com/x?qstash_token=t`);
    expect(publish("https://a.com/x?k=1&")).toBe(`${BASE}/v2/publish/https://a.com/x?k=1&qstash_token=t`);
  });
});

describe("buildRequest: headers and body", () => {
  test("no body: a null body, no content type, sent once or more", () => {
    const { init, once } = build("/v2/dlq");
    expect(init.body).toBeNull();
    expect({ ...init.headers }).toEqual({});
    expect(once).toBe(false);
  });

  test("every member of RequestInit is the init's own, on no prototype; redirects are not followed", () => {
    const { init } = build("/v2/dlq");
    const members = ["method", "headers", "body", "signal", "redirect", "referrer", "referrerPolicy", "mode"];
    members.push("credentials", "cache", "integrity", "keepalive", "window", "duplex");
    expect(members.filter((name) => !Object.hasOwn(init, name))).toEqual([]);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(init))).toBeNull();
    expect(Object.getPrototypeOf(init.headers)).toBeNull();
    expect(init).toMatchObject({ redirect: "manual", signal: null, window: null, referrer: "", duplex: "half" });
  });

  test("a plain object becomes JSON with its type; the caller's type wins; text goes as it is", () => {
    const json = build("/v2/dlq", undefined, { a: 1 }).init;
    expect(json.body).toBe('{"a":1}');
    expect(json.headers["content-type"]).toBe("application/json");
    const typed = build("/v2/dlq", undefined, { a: 1 }, [{ "Content-Type": "application/x-custom" }]).init;
    expect(typed.headers["content-type"]).toBe("application/x-custom");
    const text = build("/v2/dlq", undefined, "plain").init;
    expect(text.body).toBe("plain");
    expect(text.headers["content-type"]).toBeUndefined();
  });

  test("a stream goes once, half-duplex", () => {
    const stream = new ReadableStream();
    const { init, once } = build("/v2/dlq", undefined, stream);
    expect(init.body).toBe(stream);
    expect(init.duplex).toBe("half");
    expect(once).toBe(true);
  });

  test("header sources of every shape merge in order, names lowercased; null removes, undefined skips, lists join", () => {
    const sources = [
      new Headers({ "X-From-Headers": "1", "X-Dropped": "gone" }),
      [["X-From-Pairs", "2"]],
      { "X-Dropped": null, "X-Skipped": undefined, "X-List": ["a", "b"], "X-Number": 3 },
      null,
      undefined,
    ];
    const { init } = build("/v2/dlq", { header: { "X-Param": "p" } }, undefined, sources);
    expect(init.headers).toEqual({
      "x-from-headers": "1",
      "x-from-pairs": "2",
      "x-list": "a, b",
      "x-number": "3",
      "x-param": "p",
    });
  });
});

describe("readResult", () => {
  const read = (response: Response, method = "GET") => readResult(response, method, TOKEN);
  const keys = async (response: Response, method = "GET") => {
    const result = await read(response, method);
    return Object.entries(result);
  };

  test("no body to read: 204, HEAD, Content-Length 0 give data or error set to undefined", async () => {
    expect(await keys(new Response(null, { status: 204 }))).toEqual([["data", undefined]]);
    expect(await keys(new Response(null, { status: 404 }), "HEAD")).toEqual([["error", undefined]]);
    expect(await keys(new Response(null, { status: 200 }), "HEAD")).toEqual([["data", undefined]]);
    expect(await keys(new Response("", { status: 500, headers: { "content-length": "0" } }))).toEqual([
      ["error", undefined],
    ]);
  });

  test.each(["chunked", "gzip, chunked", "identity"])(
    "Content-Length 0 beside Transfer-Encoding %s is not trusted: the body is read",
    async (coding) => {
      const response = new Response('{"a":1}', {
        status: 200,
        headers: { "content-length": "0", "transfer-encoding": coding },
      });
      expect(await read(response)).toEqual({ data: { a: 1 } });
    },
  );

  test("an empty 200 body is no data, not a parse error; a body that is not JSON is a SyntaxError that does not quote it", async () => {
    expect(await keys(new Response("", { status: 200 }))).toEqual([["data", undefined]]);
    const error = await read(new Response("<html>secret page</html>", { status: 200 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toBe("the response body is not JSON");
  });

  test("the token comes back masked in data and in errors, the rest as sent", async () => {
    const data = await read(Response.json({ echo: `url?qstash_token=${TOKEN}`, n: 1 }));
    expect(data).toEqual({ data: { echo: "url?qstash_token=[redacted]", n: 1 } });
    const error = await read(new Response(`bad token ${TOKEN}`, { status: 401 }));
    expect(error).toEqual({ error: "bad token [redacted]" });
    expect(await read(Response.json({ error: "nope" }, { status: 400 }))).toEqual({ error: { error: "nope" } });
  });
});

// The client builds URLs itself (no Request object per call, see src/request.ts); this pins its
// output to openapi-fetch's own serializers for the shapes QStash parameters take.
const querySerializer = createQuerySerializer({ array: { style: "form", explode: true } });
const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom("a b", "ä/ü?&=#", "https://example.com:8443/hook?x=1&y=2", "100%"),
);
const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,11}$/);

test("path and query serialization match openapi-fetch's for any QStash-shaped parameters", () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 1 }),
      fc.dictionary(name, fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }))),
      (id, query) => {
        const params = { path: { id }, query };
        let ours: string;
        try {
          ours = buildRequest("GET", "https://qstash.upstash.io", "/v2/things/{id}", params, [], undefined, "").url;
        } catch (error) {
          // A value the guard refuses (blank, a "." or ".." step: tests/src/guards/path-values.test.ts) is never sent.
          if (!(error instanceof QStashGuardError)) throw error;
          fc.pre(false);
          return;
        }
        const theirs = createFinalURL("/v2/things/{id}", {
          baseUrl: "https://qstash.upstash.io",
          params,
          querySerializer,
          pathSerializer: defaultPathSerializer,
        });
        expect(ours).toBe(theirs);
      },
    ),
    { numRuns: 300 },
  );
});
