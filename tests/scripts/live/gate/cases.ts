/**
 * Requests that must never reach the server through the live gate, by class (issue 10), and the
 * plumbing to throw them at a gate that sits in front of a recording stand-in. Shared by the class
 * tests and the fuzz test.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import type { OpenApiDocument } from "../../../../scripts/spec/build.ts";
import { startGate, type Gate } from "../../../../scripts/live/gate.ts";

export interface GateCase {
  class: "method override" | "blank scope" | "path variant";
  writes: boolean;
  method: string;
  /** Sent byte for byte (no URL normalisation on the way). */
  target: string;
  headers?: Record<string, string>;
  body?: string;
}

const ro = (c: Omit<GateCase, "class" | "writes">): GateCase => ({ class: "method override", writes: false, ...c });
const rw = (cls: GateCase["class"], c: Omit<GateCase, "class" | "writes">): GateCase => ({
  class: cls,
  writes: true,
  ...c,
});

/** A GET that a framework honouring method overrides reads as DELETE (an unfiltered one, at that). */
export const METHOD_OVERRIDES: GateCase[] = [
  ...["X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override", "x-http-method-override"].flatMap((name) => [
    ro({ method: "GET", target: "/v2/dlq", headers: { [name]: "DELETE" } }),
    ro({ method: "GET", target: "/v2/messages?messageIds=m1", headers: { [name]: "delete" } }),
    rw("method override", { method: "GET", target: "/v2/dlq", headers: { [name]: "DELETE" } }),
  ]),
  ro({ method: "GET", target: "/v2/dlq?_method=DELETE" }),
  ro({ method: "GET", target: "/v2/dlq?_METHOD=delete" }),
  ro({ method: "HEAD", target: "/v2/dlq", headers: { "X-HTTP-Method-Override": "DELETE" } }),
  ro({
    method: "GET",
    target: "/v2/dlq",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: "_method=DELETE",
  }),
  rw("method override", { method: "GET", target: "/v2/messages?_method=DELETE" }),
  rw("method override", {
    method: "POST",
    target: "/v2/dlq/retry?dlqIds=d1",
    headers: { "X-HTTP-Method-Override": "DELETE" },
  }),
];

// White space of several scripts, invisible format characters, separators, brackets, double encoding.
const BLANKS = [
  "%20",
  "%09",
  "%0A",
  "+",
  "%20%20",
  "%C2%A0",
  "%E2%80%83",
  "%E3%80%80",
  "%E2%80%8B",
  "%EF%BB%BF",
  "%C2%85",
];
BLANKS.push("%2C", "%2C%20", "%2520", "%00", "%5B%5D", "%22%22");

/** Bulk calls whose ids or filters are there, but blank: a server that trims reads "no filter". */
export const BLANK_SCOPES: GateCase[] = [
  ...BLANKS.map((blank) => rw("blank scope", { method: "DELETE", target: `/v2/dlq?dlqIds=${blank}` })),
  rw("blank scope", { method: "DELETE", target: "/v2/dlq?dlqIds=%20&dlqIds=%09" }),
  rw("blank scope", { method: "DELETE", target: "/v2/dlq?dlqIds=;x" }),
  rw("blank scope", { method: "DELETE", target: "/v2/dlq?label=%20&url=%E2%80%8B" }),
  rw("blank scope", { method: "DELETE", target: "/v2/messages?messageIds=%20" }),
  rw("blank scope", { method: "DELETE", target: "/v2/messages?label=%C2%A0&queueName=%09" }),
  rw("blank scope", { method: "POST", target: "/v2/dlq/retry?dlqIds=%E3%80%80" }),
  rw("blank scope", { method: "DELETE", target: "/v2/workflows/runs?workflowRunIds=%20" }),
  rw("blank scope", { method: "DELETE", target: "/v2/workflows/dlq?dlqIds=%0D%0A" }),
  rw("blank scope", { method: "POST", target: "/v2/workflows/dlq/resume?dlqIds=+" }),
  // Names the spec does not declare for the operation are no filter at all.
  ...["dlqid=d1", "DLQIDS=d1", "ids=d1", "dlqIds%5B%5D=d1", "filter=x", "count=5", "cursor=c1"].map((query) =>
    rw("blank scope", { method: "DELETE", target: `/v2/dlq?${query}` }),
  ),
];

/** Spellings of an unfiltered bulk path that some server, proxy or URL parser reads as the bulk path itself. */
export const PATH_VARIANTS: GateCase[] = [
  "/v2/dlq/",
  "/v2//dlq",
  "//v2/dlq",
  "/v2/dlq//",
  "/v2/dlq/.",
  "/v2/dlq/./",
  "/V2/DLQ",
  "/v2/DLQ",
  "/v2/%64lq",
  "/v2/%64%6c%71",
  "/v2/%2564lq",
  "/v2/x/../dlq",
  "/v2/x/%2e%2e/dlq",
  "/v2/x/%2E%2E/dlq",
  "/v2/dlq/x/..",
  "/v2/dlq/%2e",
  "/v2/dlq/x%2F..",
  "/v2\\dlq",
  "/v2/dlq\\",
  "/v2/dlq;v=1",
  "/v2;v=1/dlq",
  "/v2/dlq%2F",
  "/v2/dlq%00",
  "/v2/dlq%00/x",
  "/v2/dlq%3F",
  "/v2/dlq%23",
  "/v2/dlq.",
  "/v2/dlq%20",
  "/v2/dlq%09",
  "/v2/%EF%BD%84%EF%BD%8C%EF%BD%91",
  "/v2/dlq%EF%BC%8F",
  "/v2/dlq#",
  "/v2/dlq#?dlqIds=d1",
  "http://upstream/v2/dlq",
  "/v2/messages/",
  "/V2/Messages",
  "/v2/messages/%2e",
  "/v2/workflows//runs",
  "/v2/workflows/runs/.",
].map((target) => rw("path variant", { method: "DELETE", target }));
PATH_VARIANTS.push(
  rw("path variant", { method: "POST", target: "/v2/dlq/retry/" }),
  rw("path variant", { method: "POST", target: "/V2/DLQ/RETRY" }),
);

/** Requests that must still reach the server: the gate may not pass by holding everything. */
export const MUST_PASS: GateCase[] = [
  { class: "method override", writes: false, method: "GET", target: "/v2/dlq" },
  { class: "method override", writes: false, method: "GET", target: "/v2/dlq?label=nightly&label=weekly" },
  { class: "method override", writes: false, method: "GET", target: "/v2/messages/msg_1" },
  { class: "blank scope", writes: true, method: "DELETE", target: "/v2/dlq?dlqIds=d1&dlqIds=d2" },
  { class: "blank scope", writes: true, method: "DELETE", target: "/v2/dlq?label=nightly" },
  { class: "blank scope", writes: true, method: "DELETE", target: "/v2/messages?messageIds=%E2%80%83m1" },
  { class: "path variant", writes: true, method: "DELETE", target: "/v2/dlq/d1" },
  { class: "path variant", writes: true, method: "DELETE", target: "/v2/messages/msg%201" },
  { class: "path variant", writes: true, method: "POST", target: "/v2/publish/https%3A%2F%2Fexample.com%2Fhook" },
];

/** A stand-in upstream that records every request it gets and answers 200 with an empty object. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export async function startRecorder(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("latin1"),
      });
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Sends a case exactly as written (node's http keeps the target as given); resolves with the status. */
export function sendRaw(baseUrl: string, c: Pick<GateCase, "method" | "target" | "headers" | "body">): Promise<number> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    // A GET body needs its length stated, or node sends it unframed and the server never sees it.
    const length = c.body === undefined ? {} : { "Content-Length": String(Buffer.byteLength(c.body)) };
    const headers = { Authorization: "Bearer t", ...length, ...c.headers };
    const req = request({ host: hostname, port, method: c.method, path: c.target, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(c.body);
  });
}

/** Starts the gates before the file's tests and stops them after; the handle fills in once they run. */
export function useGatesInFrontOfRecorder(description: OpenApiDocument): GatesInFront {
  const handle = {} as GatesInFront;
  beforeAll(async () => {
    Object.assign(handle, await gatesInFrontOfRecorder(description));
  });
  afterAll(() => handle.stop());
  return handle;
}

export interface GatesInFront {
  recorder: Awaited<ReturnType<typeof startRecorder>>;
  gates: Record<"readOnly" | "writes", Gate>;
  stop(): Promise<void>;
}

/** A read-only gate and one with writes allowed, both in front of one recorder, with nothing between. */
export async function gatesInFrontOfRecorder(description: OpenApiDocument): Promise<GatesInFront> {
  const recorder = await startRecorder();
  const gate = (allowWrites: boolean) =>
    startGate({ prismUrl: recorder.url, description, allowWrites, token: "gate-test-token-0f3a" });
  const gates = { readOnly: await gate(false), writes: await gate(true) };
  return {
    recorder,
    gates,
    stop: async () => {
      await Promise.all([gates.readOnly.stop(), gates.writes.stop()]);
      await recorder.close();
    },
  };
}
