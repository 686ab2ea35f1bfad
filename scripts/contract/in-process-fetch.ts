import { STATUS_CODES } from "node:http";
import type { PlainRequest, PlainResponse } from "./prism-pool.ts";

/** What reaches a server in this process: it answers the same plain request Prism's HTTP server reads. */
export type Handle = (request: PlainRequest) => Promise<PlainResponse>;

/** A fetch and the Request class to build its requests with (openapi-fetch takes both). */
export interface Transport {
  fetch: typeof fetch;
  Request: typeof Request;
}

/**
 * A Request that only records what was asked: URL, method, headers and the body as given. Fetch's
 * own Request wraps every body in a web stream, which the in-process fetch would read straight back.
 */
export class InProcessRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly bodyInit: BodyInit | null;

  constructor(input: string | URL, init: RequestInit = {}) {
    this.url = String(input);
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = new Headers(init.headers);
    this.bodyInit = init.body ?? null;
  }
}

/**
 * The answer as a Response: status, headers and the body text, read without a stream. It offers
 * what callers of fetch read (status, ok, headers, text, json, arrayBuffer, body, clone).
 */
export class InProcessResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  readonly url: string;
  readonly redirected = false;
  readonly type = "basic";
  bodyUsed = false;
  private readonly content: string | null;

  constructor(answer: PlainResponse, url: string) {
    this.status = answer.status;
    this.statusText = STATUS_CODES[answer.status] ?? "";
    this.ok = answer.status >= 200 && answer.status < 300;
    this.headers = new Headers(answer.headers);
    this.url = url;
    this.content = NULL_BODY.has(answer.status) ? null : answer.body;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.content === null ? null : new Response(this.content).body;
  }

  async text(): Promise<string> {
    if (this.bodyUsed) throw new TypeError("Body is unusable: Body has already been read");
    this.bodyUsed = true;
    return this.content ?? "";
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = new TextEncoder().encode(await this.text());
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }

  async blob(): Promise<Blob> {
    return new Blob([await this.text()], { type: this.headers.get("content-type") ?? "" });
  }

  clone(): InProcessResponse {
    return new InProcessResponse({ status: this.status, headers: [...this.headers], body: this.content }, this.url);
  }
}

/** Statuses whose responses carry no body (Fetch standard). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** A fetch whose requests reach `handle` as Prism's HTTP server would read them off the wire. */
export function inProcessTransport(handle: Handle): Transport {
  const fetchInProcess = async (input: RequestInfo | URL | InProcessRequest, init?: RequestInit) => {
    const light = input instanceof InProcessRequest && init === undefined;
    const plain = light ? await plainOf(input) : await plainFrom(input as RequestInfo | URL, init);
    const url = input instanceof InProcessRequest || input instanceof Request ? input.url : String(input);
    return new InProcessResponse(await handle(plain), url);
  };
  return { fetch: fetchInProcess as unknown as typeof fetch, Request: InProcessRequest as unknown as typeof Request };
}

async function plainOf(request: InProcessRequest): Promise<PlainRequest> {
  const body = await bytesOf(request.bodyInit);
  return wire(request.method, new URL(request.url), request.headers, body);
}

/** Any other fetch call: through fetch's own Request, so every kind of body is read as fetch would send it. */
async function plainFrom(input: RequestInfo | URL, init?: RequestInit): Promise<PlainRequest> {
  const request = input instanceof Request && init === undefined ? input : new Request(input, init);
  const body = request.body ? new Uint8Array(await request.arrayBuffer()) : null;
  return wire(request.method, new URL(request.url), request.headers, body);
}

async function bytesOf(body: BodyInit | null): Promise<Uint8Array | null> {
  if (body === null) return null;
  if (typeof body === "string") return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** The request line and headers as fetch writes them: host, a default Accept, Content-Length. */
function wire(method: string, url: URL, given: Headers, body: Uint8Array | null): PlainRequest {
  const headers: Record<string, string> = { host: url.host };
  given.forEach((value, name) => (headers[name] = value));
  headers.accept ??= "*/*";
  if (body) headers["content-length"] = String(body.byteLength);
  else if (method === "POST" || method === "PUT") headers["content-length"] = "0";
  return { method, url: url.pathname + url.search, headers, body };
}
