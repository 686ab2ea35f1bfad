import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { isRawBody } from "../../src/body.ts";
import { expandHeaderFamilies } from "../../src/forward-headers.ts";
import { createQStashClient, QStashGuardError } from "../../src/index.ts";
import { json, startLocalServer } from "../helpers/local-server.ts";

let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => (server = await startLocalServer()));
afterAll(() => server.close());
beforeEach(() => server.handle((_r, res) => json(res, 200, { messageId: "m" })));

const client = () => createQStashClient({ token: "body-b-token", baseUrl: server.url, retry: false });
const destination = "https://example.com/hook";

describe("isRawBody: what goes out as it is, and what becomes JSON", () => {
  test.each<[string, unknown, boolean]>([
    ["a string", "text", true],
    ["an empty string", "", true],
    ["an ArrayBuffer", new ArrayBuffer(2), true],
    ["a DataView", new DataView(new ArrayBuffer(2)), true],
    ["a Blob", new Blob(["b"]), true],
    ["a ReadableStream", new ReadableStream(), true],
    ["URLSearchParams", new URLSearchParams("a=1"), true],
    ["FormData", new FormData(), true],
    ["a plain object", { a: 1 }, false],
    ["an array", ["a"], false],
    ["a number", 1, false],
    ["null", null, false],
    ["undefined", undefined, false],
  ])("%s: %s", (_what, body, raw) => {
    expect(isRawBody(body)).toBe(raw);
  });

  test("a form body reaches the server as the form, with the form's own type", async () => {
    await client().POST("/v2/publish/{destination}", {
      params: { path: { destination } },
      body: new URLSearchParams({ a: "1", b: "two words" }) as never,
    });
    expect(server.received[0]!.body.toString()).toBe("a=1&b=two+words");
    expect(server.received[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded;charset=UTF-8");
  });

  test("a FormData body reaches the server as multipart", async () => {
    const form = new FormData();
    form.set("field", "value");
    await client().POST("/v2/publish/{destination}", { params: { path: { destination } }, body: form as never });
    const type = String(server.received[0]!.headers["content-type"]);
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    const boundary = type.split("boundary=")[1]!;
    expect(server.received[0]!.body.toString()).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="field"\r\n\r\nvalue\r\n--${boundary}--\r\n`,
    );
  });
});

describe("expandHeaderFamilies", () => {
  const FAMILIES = ["Upstash-Forward-", "Upstash-Callback-"];
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(QStashGuardError);
      return (error as Error).message;
    }
    throw new Error("not refused");
  };

  test("each family's map becomes prefixed headers; an empty or missing map adds none", () => {
    const families = {
      "Upstash-Forward-": { "X-Trace": "t-1", "a.b_c~d": "2" },
      "Upstash-Callback-": undefined,
    };
    expect(expandHeaderFamilies(families, FAMILIES, "POST /p")).toEqual({
      "Upstash-Forward-X-Trace": "t-1",
      "Upstash-Forward-a.b_c~d": "2",
    });
    expect(expandHeaderFamilies({ "Upstash-Forward-": {} }, FAMILIES, "POST /p")).toEqual({});
    expect(expandHeaderFamilies({}, undefined, "GET /q")).toEqual({});
  });

  test("a family the route does not document is refused, naming what it takes", () => {
    expect(refusal(() => expandHeaderFamilies({ "Upstash-Nope-": {} }, FAMILIES, "POST /p"))).toBe(
      'POST /p documents no header family "Upstash-Nope-"; it takes: Upstash-Forward-, Upstash-Callback-',
    );
    expect(refusal(() => expandHeaderFamilies({ "Upstash-Forward-": {} }, undefined, "GET /q"))).toBe(
      'GET /q documents no header family "Upstash-Forward-"; it takes: none',
    );
    expect(refusal(() => expandHeaderFamilies({ "Upstash-Forward-": {} }, [], "GET /q"))).toMatch(/it takes: none$/);
  });

  test.each([" X", "X ", "X:Y", "X\nY", "é", "(x)", ""])("%j is no header name", (name) => {
    expect(refusal(() => expandHeaderFamilies({ "Upstash-Forward-": { [name]: "1" } }, FAMILIES, "POST /p"))).toBe(
      `POST /p: "${name}" in Upstash-Forward- is not a header name`,
    );
  });

  test("every token character RFC 9110 allows is a header name", () => {
    const name = "!#$%&'*+-.^_`|~09AZaz";
    const allowed = name.replace("*", ""); // a literal * is never sent (see forward-headers.ts)
    expect(expandHeaderFamilies({ "Upstash-Forward-": { [allowed]: "v" } }, FAMILIES, "POST /p")).toEqual({
      [`Upstash-Forward-${allowed}`]: "v",
    });
  });
});
