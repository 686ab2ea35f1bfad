import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { OpenApiDocument } from "../spec/build.ts";
import { describeOperations } from "../spec/operations-module.ts";
import { createTracker, type Tracker } from "./cleanup.ts";
import { HELD_BACK_HEADER } from "./held-back.ts";
import { HOP_BY_HOP } from "./hop-headers.ts";
import { factsByRoute, judgeRequest, type HoldReason, type Policy } from "./judge.ts";
import { redact } from "../../src/redact.ts";

/** What Prism said about one request/response pair it proxied (or why it was not sent). */
export interface Exchange {
  operation: string;
  method: string;
  /** Path and query, token removed. */
  target: string;
  status: number;
  /** Why the call was kept from the server; undefined when it was forwarded. */
  heldBack?: HoldReason | "resource not the run's" | "deprecated parameter";
  /** Which reading of the request made it dangerous, or what the resource check found. */
  heldBackDetail?: string;
  /** Prism could not reach the upstream for this request. */
  unreachable: boolean;
  /** The gate could not hand the request to Prism (Prism stopped or reset the connection). */
  proxyFailure?: string;
  /** Violations of the spec by the upstream's answer (Prism's `sl-violations`, location response…). */
  responseViolations: string[];
  /** Violations of the spec by the request itself: Prism refused it and did not forward it. */
  requestViolations: string[];
  /** The upstream refused (400/415/422) a request Prism found valid: it demands something the spec does not say. */
  refusedValid: string | null;
}

export interface GateOptions {
  prismUrl: string;
  /** The server itself, for the clean-up's own calls (default: through Prism). */
  upstreamUrl?: string;
  description: OpenApiDocument;
  allowWrites: boolean;
  token: string;
}

export interface Gate {
  url: string;
  exchanges: Exchange[];
  /** What the forwarded calls created (with writes allowed), and the means to delete it. */
  tracker: Tracker;
  stop(): Promise<void>;
}

/** Statuses with which a server says "your request is malformed", as opposed to "not found" or "not now". */
const MALFORMED = new Set([400, 415, 422]);
/** The status of an answer the gate makes up itself; HELD_BACK_HEADER says why. */
export const HELD_BACK_STATUS = 503;
/** Request bodies above this are not read into memory (nothing in the suites comes close). */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Hop-by-hop headers, and accept-encoding: answers come back uncompressed, so that Prism and the report can read them. */
const NOT_FORWARDED = new Set([...HOP_BY_HOP, "accept-encoding"]);
const NOT_RELAYED = new Set(["content-length", "transfer-encoding", "connection", "keep-alive"]);

const EXPLAIN: Record<HoldReason, string> = {
  "malformed target": "only a plain path and query are forwarded",
  "method override": "a request that claims another method is never forwarded",
  "acts on everything": "without ids or a filter the spec reads, it would act on everything; a live run never sends it",
  "cannot be undone": "its effect reaches beyond the run and nothing undoes it; a live run never sends it",
  "changes state": "it changes state; the live run is read-only (pass --allow-writes)",
  "not in the spec": "no operation of the spec takes it, so a read-only run does not send it",
};

/**
 * Sits between the suites and Prism's validating proxy: holds back what judge.ts refuses (anything
 * that could act on everything; with a read-only run, anything that could change state), forwards
 * the rest, and records what Prism found wrong with each exchange. Answers it makes up carry
 * HELD_BACK_HEADER, so the suites score those cases unverifiable rather than contradicted.
 */
export async function startGate(options: GateOptions): Promise<Gate> {
  const { description, allowWrites, token } = options;
  const exchanges: Exchange[] = [];
  const policy: Policy = { description, facts: factsByRoute(describeOperations(description)), allowWrites };
  // The clean-up and its checks go to the server directly: an answer Prism cannot relay must not leave things behind.
  const tracker = createTracker({ description, serverUrl: options.upstreamUrl ?? options.prismUrl, token });
  const gateName = allowWrites ? "live gate" : "read-only gate";
  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      if (!response.headersSent) response.writeHead(502, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: redact(`live gate: ${(error as Error).message}`, token) }));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? "GET").toUpperCase();
    const target = request.url ?? "/";
    const body = await readBody(request);
    const judgement = judgeRequest({ method, target, headers: request.headers, body: body ?? undefined }, policy);
    const exchange: Exchange = {
      operation: judgement.operation,
      method,
      target: redact(target, token),
      status: 0,
      unreachable: false,
      responseViolations: [],
      requestViolations: [],
      refusedValid: null,
    };
    exchanges.push(exchange);
    const holdBack = (reason: NonNullable<Exchange["heldBack"]>, detail: string | undefined, why: string) => {
      exchange.heldBack = reason;
      exchange.heldBackDetail = detail && redact(detail, token);
      exchange.status = HELD_BACK_STATUS;
      const by = reason === "deprecated parameter" ? "prism proxy" : `the ${gateName}`;
      const headers = { "content-type": "application/json", [HELD_BACK_HEADER]: `held back by ${by}: ${reason}` };
      response.writeHead(HELD_BACK_STATUS, headers);
      response.end(JSON.stringify({ error: redact(`${judgement.operation}: ${why}`, token) }));
    };
    if (body === null)
      return holdBack("malformed target", "body too large", `a body over ${MAX_BODY_BYTES} bytes is not sent`);
    const { hold, detail } = judgement;
    if (hold) return holdBack(hold, detail, `${EXPLAIN[hold]}${detail ? ` (${detail})` : ""}`);
    const tracked = { route: judgement.route, path: target.split("?")[0], headers: request.headers, body };
    const notOurs = allowWrites ? await tracker.beforeForward(tracked) : undefined;
    if (notOurs)
      return holdBack("resource not the run's", notOurs, `${notOurs}; the live run only changes what it created`);

    let answer: Answer;
    try {
      answer = await forward(options.prismUrl, method, target, request, body);
    } catch (error) {
      exchange.proxyFailure = redact((error as Error).message, token);
      const headers = { "content-type": "application/json", [HELD_BACK_HEADER]: "prism proxy failed" };
      response.writeHead(502, headers);
      response.end(JSON.stringify({ error: `live gate: prism proxy failed: ${exchange.proxyFailure}` }));
      return;
    }
    const { text } = answer;
    exchange.status = answer.status;
    const { fromPrism, violations, unreachable } = prismVerdict(answer, text);
    for (const violation of violations) {
      const line = redact(`${violation.location.join(".")}: ${violation.message}`, token);
      (violation.location[0] === "response" ? exchange.responseViolations : exchange.requestViolations).push(line);
    }
    if (unreachable) {
      exchange.unreachable = true;
      const headers = { "content-type": "application/json", [HELD_BACK_HEADER]: "the upstream could not be reached" };
      response.writeHead(answer.status, headers);
      response.end(redact(text, token));
      return;
    }
    // Prism's proxy refuses a request whose only fault is a deprecated parameter, which the spec allows.
    const deprecated = (v: Violation) =>
      v.location[0] !== "response" && v.code === "deprecated" && v.severity === "Warning";
    if (fromPrism && answer.status >= 400 && violations.length > 0 && violations.every(deprecated)) {
      exchange.requestViolations = [];
      const messages = violations.map((v) => v.message).join("; ");
      return holdBack("deprecated parameter", messages, "prism proxy does not forward deprecated parameters");
    }
    // Only a request the spec routes, with a body that is what it says it is, can be "accepted by the spec":
    // Prism's proxy passes unknown routes and unparseable JSON through without a word.
    if (
      !fromPrism &&
      MALFORMED.has(answer.status) &&
      judgement.route.operation &&
      isWellFormed(request.headers["content-type"], body)
    ) {
      const refusal = `upstream answered ${answer.status} to a request the spec accepts: ${text.slice(0, 300)}`;
      exchange.refusedValid = redact(refusal, token);
    }
    if (allowWrites) tracker.afterAnswer(tracked, answer.status, text);
    const relayed: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!NOT_RELAYED.has(name)) relayed[name] = value;
    });
    response.writeHead(answer.status, relayed);
    response.end(answer.bytes);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    tracker,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Answer {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
}

/**
 * Sends the request on to Prism byte for byte (the target exactly as judged, no URL normalisation),
 * minus hop-by-hop headers, on a connection of its own: a kept-alive one that Prism closes while
 * idle would fail the next request.
 */
function forward(
  prismUrl: string,
  method: string,
  target: string,
  request: IncomingMessage,
  body: Uint8Array,
): Promise<Answer> {
  const { hostname, port } = new URL(prismUrl);
  const headers: Record<string, string | string[]> = { "content-length": String(body.length) };
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && !NOT_FORWARDED.has(name)) headers[name] = value;
  }
  if (body.length === 0 && method !== "POST" && method !== "PUT" && method !== "PATCH")
    delete headers["content-length"];
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: hostname, port, method, path: target, headers, agent: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("error", reject);
      incoming.on("end", () => {
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (value !== undefined) answerHeaders.set(name, Array.isArray(value) ? value.join(", ") : value);
        }
        const bytes = Buffer.concat(chunks);
        resolve({ status: incoming.statusCode ?? 502, headers: answerHeaders, bytes, text: bytes.toString("utf8") });
      });
    });
    outgoing.on("error", reject);
    outgoing.end(body.length > 0 ? Buffer.from(body) : undefined);
  });
}

interface Violation {
  location: string[];
  message: string;
  code?: string | number;
  severity?: string;
}

interface PrismVerdict {
  /** Prism answered itself: a refused request, a broken answer, an unreachable upstream. */
  fromPrism: boolean;
  violations: Violation[];
  unreachable: boolean;
}

function prismVerdict(answer: Answer, text: string): PrismVerdict {
  const header = answer.headers.get("sl-violations");
  if (header) return { fromPrism: true, violations: parseList(header), unreachable: false };
  const problem = parse(text) as { type?: string; validation?: Violation[] } | undefined;
  // Prism reports a failed fetch of the upstream as its own 500 problem of type FetchError.
  const problemDocument = answer.headers.get("content-type")?.includes("problem+json");
  if (problemDocument && answer.status >= 500 && problem?.type === "FetchError") {
    return { fromPrism: true, violations: [], unreachable: true };
  }
  if (/stoplight\.io\/prism\/errors/.test(text))
    return { fromPrism: true, violations: problem?.validation ?? [], unreachable: false };
  return { fromPrism: false, violations: [], unreachable: false };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseList(header: string): Violation[] {
  try {
    const list = JSON.parse(header);
    const read = (v: any): Violation => ({
      location: Array.isArray(v.location) ? v.location.map(String) : [],
      message: String(v.message ?? ""),
      code: v.code,
      severity: v.severity,
    });
    return Array.isArray(list) ? list.map(read) : [];
  } catch {
    return [{ location: ["response"], message: header }];
  }
}

/** The whole body, or null when it is larger than MAX_BODY_BYTES. */
function readBody(request: IncomingMessage): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > MAX_BODY_BYTES ? null : new Uint8Array(Buffer.concat(chunks))));
    request.on("error", reject);
  });
}

/** Does a body parse as what its content type says? Only JSON is checked; other bodies pass. */
function isWellFormed(contentType: string | string[] | undefined, body: Uint8Array): boolean {
  if (body.length === 0 || !/\bjson\b/i.test(String(contentType ?? ""))) return true;
  try {
    JSON.parse(new TextDecoder().decode(body));
    return true;
  } catch {
    return false;
  }
}
