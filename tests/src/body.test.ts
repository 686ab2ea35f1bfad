import { Readable } from "node:stream";
import { beforeEach, describe, expect, test } from "vitest";
import { isRawBody } from "../../src/body.ts";
import { createQStashClient } from "../../src/index.ts";
import { json, useLocalServer } from "../helpers/local-server.ts";

const server = useLocalServer();
beforeEach(() => server.handle((_r, res) => json(res, 200, { messageId: "m" })));

const client = () => createQStashClient({ token: "body-test-token", baseUrl: server.url, retry: false });
const destination = "https://example.com/hook?x=1";
const BYTES = new Uint8Array([0, 255, 1, 254, 10, 13]);

const CASES: [string, { body: () => any; contentType?: string; wantBody: Buffer; wantType: string | undefined }][] = [
  [
    "a string, text/plain",
    {
      body: () => "hello, world",
      contentType: "text/plain",
      wantBody: Buffer.from("hello, world"),
      wantType: "text/plain",
    },
  ],
  [
    "a JSON string goes unchanged, not re-encoded",
    {
      body: () => '{"a":1}',
      contentType: "application/json",
      wantBody: Buffer.from('{"a":1}'),
      wantType: "application/json",
    },
  ],
  [
    "a string without a type",
    { body: () => "plain", wantBody: Buffer.from("plain"), wantType: "text/plain;charset=UTF-8" },
  ],
  [
    "an ArrayBuffer",
    {
      body: () => BYTES.slice().buffer,
      contentType: "application/octet-stream",
      wantBody: Buffer.from(BYTES),
      wantType: "application/octet-stream",
    },
  ],
  [
    "a Uint8Array",
    {
      body: () => BYTES,
      contentType: "application/octet-stream",
      wantBody: Buffer.from(BYTES),
      wantType: "application/octet-stream",
    },
  ],
  [
    "a Blob with the caller's type",
    {
      body: () => new Blob([BYTES]),
      contentType: "application/x-custom",
      wantBody: Buffer.from(BYTES),
      wantType: "application/x-custom",
    },
  ],
  [
    "a Blob with its own type",
    {
      body: () => new Blob(["<a/>"], { type: "application/xml" }),
      wantBody: Buffer.from("<a/>"),
      wantType: "application/xml",
    },
  ],
  [
    "a ReadableStream",
    {
      body: () => Readable.toWeb(Readable.from([Buffer.from("chunk-1,"), Buffer.from("chunk-2")])),
      contentType: "text/csv",
      wantBody: Buffer.from("chunk-1,chunk-2"),
      wantType: "text/csv",
    },
  ],
  [
    "a plain object becomes JSON",
    { body: () => ({ hello: "world" }), wantBody: Buffer.from('{"hello":"world"}'), wantType: "application/json" },
  ],
];

describe("publish bodies", () => {
  test.each(CASES)("%s", async (_name, { body, contentType, wantBody, wantType }) => {
    await client().POST("/v2/publish/{destination}", {
      params: { path: { destination } },
      body: body(),
      ...(contentType ? { headers: { "Content-Type": contentType } } : {}),
    });
    const [got] = server.received;
    expect(got!.body.equals(wantBody)).toBe(true);
    expect(got!.headers["content-type"]).toBe(wantType);
    expect(got!.url).toBe(`/v2/publish/${destination}`);
  });

  test("enqueue takes a raw body too", async () => {
    await client().POST("/v2/enqueue/{queueName}/{destination}", {
      params: { path: { queueName: "q", destination } },
      body: "x,y",
      headers: { "Content-Type": "text/csv" },
    });
    expect(server.received[0]!.body.toString()).toBe("x,y");
    expect(server.received[0]!.headers["content-type"]).toBe("text/csv");
  });
});

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
