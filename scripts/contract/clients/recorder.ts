import { HELD_BACK_HEADER } from "../../live/held-back.ts";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { redact } from "../../../src/redact.ts";
import type { OpenApiDocument } from "../../spec/build.ts";
import { observe, type Observation } from "../claims/observation.ts";
import { strictCheck, type StrictRequest, type StrictVerdict } from "../strict-check.ts";

/**
 * A recorder in front of the mock: an SDK pointed at `baseUrlFor(caseId)` talks to it as to QStash.
 * Each request is kept exactly as sent (method, path, query, headers, body), judged by the strict check,
 * forwarded to the mock (an unencoded destination folded into one segment, the form the template
 * matches) and answered with the mock's answer. The case id in the base URL ties requests to the call
 * that made them, so calls may run side by side.
 */

/** Headers that say nothing about the API contract: transport, and what fetch adds by itself. */
const TRANSPORT_HEADERS = new Set([
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "accept",
  "accept-encoding",
  "accept-language",
  "user-agent",
  "sec-fetch-mode",
  "keep-alive",
  "authorization",
]);
/** Headers of this connection only, never forwarded. */
const HOP_HEADERS = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);
/** Bound on what one request body may hold; SDK calls send a few hundred bytes. */
const MAX_BODY_BYTES = 1 << 20;
/** Bound on one forward to the mock. */
const FORWARD_TIMEOUT_MS = 10_000;

export interface RecordedRequest extends StrictRequest {
  /** How the token travelled: `bearer` (Authorization header), `query` (qstash_token) or `none`. */
  auth: "bearer" | "query" | "none";
}

export interface Exchange {
  request: RecordedRequest;
  /** The path the mock was asked for (differs from the request's when a destination was folded). */
  forwardedPath: string;
  strict: StrictVerdict;
  mock: Observation;
  /** In a live run: why the live gate held the request back instead of sending it (it changes state…). */
  heldBack?: string;
}

export interface Recorder {
  url: string;
  baseUrlFor(caseId: string): string;
  /** The exchanges recorded for a case, in the order they arrived; forgets them. */
  take(caseId: string): Exchange[];
  close(): Promise<void>;
}

export async function startRecorder(options: {
  upstream: string;
  description: OpenApiDocument;
  token: string;
}): Promise<Recorder> {
  const recorded = new Map<string, Exchange[]>();
  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch((error) => {
      outgoing.statusCode = 502;
      outgoing.end(redact(`recorder: ${error instanceof Error ? error.message : String(error)}`, options.token));
    });
  });
  async function handle(incoming: IncomingMessage, outgoing: ServerResponse) {
    const url = new URL(incoming.url ?? "/", "http://recorder");
    const [, prefix, caseId, ...rest] = url.pathname.split("/");
    if (prefix !== "c" || !caseId) throw new Error(`request outside any case: ${url.pathname}`);
    const path = `/${rest.join("/")}`;
    const body = await readBody(incoming);
    const request = recordRequest(incoming, path, url, body, options.token);
    const strict = strictCheck(options.description, request);
    const forwardedPath = strict.canonicalPath;
    const response = await fetch(`${options.upstream}${forwardedPath}${url.search}`, {
      method: incoming.method,
      headers: forwardHeaders(incoming),
      body: body.length ? new Uint8Array(body) : undefined,
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
    const text = await response.text();
    const mock = await observe(response, text);
    const list = recorded.get(decodeURIComponent(caseId)) ?? [];
    const heldBack = response.headers.get(HELD_BACK_HEADER) ?? undefined;
    list.push({ request, forwardedPath, strict, mock: { ...mock, text: redact(mock.text, options.token) }, heldBack });
    recorded.set(decodeURIComponent(caseId), list);
    outgoing.statusCode = response.status;
    const contentType = response.headers.get("content-type");
    if (contentType) outgoing.setHeader("content-type", contentType);
    outgoing.end(text);
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    baseUrlFor: (caseId) => `${url}/c/${encodeURIComponent(caseId)}`,
    take(caseId) {
      const list = recorded.get(caseId) ?? [];
      recorded.delete(caseId);
      return list;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function recordRequest(
  incoming: IncomingMessage,
  path: string,
  url: URL,
  body: Buffer,
  token: string,
): RecordedRequest {
  const headers: Record<string, string> = {};
  for (let i = 0; i < incoming.rawHeaders.length; i += 2) {
    const name = incoming.rawHeaders[i];
    if (!TRANSPORT_HEADERS.has(name.toLowerCase())) headers[name] = redact(incoming.rawHeaders[i + 1], token);
  }
  const query = [...url.searchParams].map(([name, value]): [string, string] => [
    name,
    name === "qstash_token" ? "[redacted]" : value,
  ]);
  const inQuery = query.some(([name]) => name === "qstash_token");
  const auth = incoming.headers.authorization?.startsWith("Bearer ") ? "bearer" : inQuery ? "query" : "none";
  const text = body.length ? { text: redact(body.toString("utf8"), token) } : undefined;
  return { method: incoming.method ?? "GET", path, query, headers, body: text, auth };
}

function forwardHeaders(incoming: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < incoming.rawHeaders.length; i += 2) {
    const name = incoming.rawHeaders[i].toLowerCase();
    if (HOP_HEADERS.has(name)) continue;
    headers.append(incoming.rawHeaders[i], incoming.rawHeaders[i + 1]);
  }
  return headers;
}

async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
