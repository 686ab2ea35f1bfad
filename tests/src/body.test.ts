import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createQStashClient } from "../../src/index.ts";
import { json, startLocalServer } from "../helpers/local-server.ts";

let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => {
  server = await startLocalServer();
  server.handle((_r, res) => json(res, 200, { messageId: "m" }));
});
afterAll(() => server.close());
beforeEach(() => void (server.received.length = 0));

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

describe("header families", () => {
  test("maps expand into real headers, never a literal *", async () => {
    await client().POST("/v2/publish/{destination}", {
      params: { path: { destination } },
      body: "x",
      headerFamilies: {
        "Upstash-Forward-": { "X-Trace": "t-1", Authorization: "Bearer downstream" },
        "Upstash-Callback-": { Retries: "2" },
        "Upstash-Failure-Callback-Forward-": { "X-Why": "failed" },
      },
    });
    const { headers } = server.received[0]!;
    expect(headers).toMatchObject({
      "upstash-forward-x-trace": "t-1",
      "upstash-forward-authorization": "Bearer downstream",
      "upstash-callback-retries": "2",
      "upstash-failure-callback-forward-x-why": "failed",
    });
    expect(Object.keys(headers).filter((h) => h.includes("*"))).toEqual([]);
  });

  test.each([
    ["a family the operation does not document", { "Upstash-Nope-": { A: "1" } }, /documents no header family/],
    ["a header name with a *", { "Upstash-Forward-": { "*": "1" } }, /not a header name/],
    ["an empty header name", { "Upstash-Forward-": { "": "1" } }, /not a header name/],
  ])("refuses %s", async (_name, headerFamilies, message) => {
    const call = client().POST("/v2/publish/{destination}", {
      params: { path: { destination } },
      body: "x",
      headerFamilies: headerFamilies as never,
    });
    await expect(call).rejects.toThrow(message);
    expect(server.received.length).toBe(0);
  });
});
