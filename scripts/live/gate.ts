import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { OpenApiDocument } from "../spec/build.ts";
import { bulkScope, queryOf } from "../contract/scope.ts";
import { describeOperations } from "../spec/operations-module.ts";
import { changesState } from "./changes-state.ts";
import { findRoute } from "../contract/find-route.ts";
import { redact } from "./redact.ts";

/** What Prism said about one request/response pair it proxied (or why it was not sent). */
export interface Exchange {
  operation: string;
  method: string;
  /** Path and query, token removed. */
  target: string;
  status: number;
  skipped: boolean;
  /** Why it was held back: it changes state (a read-only run), or it would act on everything. */
  skipReason?: "changes state" | "acts on everything";
  /** Violations of the spec by the upstream's answer (Prism's `sl-violations`, location response…). */
  responseViolations: string[];
  /** Violations of the spec by the request itself: Prism refused it and did not forward it. */
  requestViolations: string[];
  /** The upstream refused (400/415/422) a request that Prism found valid: it demands something the spec does not say. */
  refusedValid: string | null;
}

export interface Gate {
  url: string;
  exchanges: Exchange[];
  stop(): Promise<void>;
}

/** Statuses with which a server says "your request is malformed", as opposed to "not found" or "not now". */
const MALFORMED = new Set([400, 415, 422]);
export const SKIPPED_STATUS = 503;

/**
 * Sits between the suites and Prism's validating proxy: holds back requests that change state
 * (unless writes are allowed), forwards the rest, and records what Prism found wrong with each
 * exchange. The suites do not know it is there: they only see a base URL.
 */
export async function startGate(options: { prismUrl: string; description: OpenApiDocument; allowWrites: boolean; token: string }): Promise<Gate> {
  const exchanges: Exchange[] = [];
  const facts = Object.fromEntries(Object.values(describeOperations(options.description)).map((f) => [`${f.method} ${f.path}`, f]));
  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      response.writeHead(502, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: redact(`live gate: ${(error as Error).message}`, options.token) }));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://gate");
    const { key, operation } = findRoute(options.description, method, url.pathname);
    const exchange: Exchange = { operation: key, method, target: redact(`${url.pathname}${url.search}`, options.token), status: 0, skipped: false, responseViolations: [], requestViolations: [], refusedValid: null };
    exchanges.push(exchange);
    // A bulk call with no ids and no filter the spec reads would act on the whole account:
    // never forwarded, whatever the flags say.
    const everything = bulkScope(facts[key], queryOf(`${url.pathname}${url.search}`)) === "everything";
    if (everything || (!options.allowWrites && changesState(method, operation))) {
      const why = everything ? "acts on everything" : "changes state";
      exchange.skipped = true;
      exchange.skipReason = why;
      exchange.status = SKIPPED_STATUS;
      response.writeHead(SKIPPED_STATUS, { "content-type": "application/json", "x-qstash-live-skipped": why });
      response.end(JSON.stringify({ error: everything ? `${key} without ids or a filter would act on every message; a live run never sends it` : `${key} changes state; the live run is read-only (pass --allow-writes)` }));
      return;
    }
    const body = await readBody(request);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && !["host", "connection", "content-length", "transfer-encoding"].includes(name)) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const answer = await fetch(`${options.prismUrl}${url.pathname}${url.search}`, { method, headers, body: body.length > 0 ? new Uint8Array(body) : undefined, redirect: "manual" });
    const text = await answer.text();
    exchange.status = answer.status;
    const { fromPrism, violations } = prismVerdict(answer, text);
    for (const violation of violations) {
      const line = redact(`${violation.location.join(".")}: ${violation.message}`, options.token);
      (violation.location[0] === "response" ? exchange.responseViolations : exchange.requestViolations).push(line);
    }
    if (!fromPrism && MALFORMED.has(answer.status)) exchange.refusedValid = redact(`upstream answered ${answer.status} to a request the spec accepts: ${text.slice(0, 300)}`, options.token);
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!["content-encoding", "content-length", "transfer-encoding", "connection"].includes(name)) out[name] = value;
    });
    response.writeHead(answer.status, out);
    response.end(text);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Violation {
  location: string[];
  message: string;
}

/** Did Prism answer itself (a refused request, a broken answer), and with which violations? */
function prismVerdict(answer: Response, text: string): { fromPrism: boolean; violations: Violation[] } {
  const header = answer.headers.get("sl-violations");
  if (header) return { fromPrism: true, violations: parseList(header) };
  if (/stoplight\.io\/prism\/errors/.test(text)) {
    try {
      return { fromPrism: true, violations: (JSON.parse(text).validation ?? []) as Violation[] };
    } catch {
      return { fromPrism: true, violations: [] };
    }
  }
  return { fromPrism: false, violations: [] };
}

function parseList(header: string): Violation[] {
  try {
    const list = JSON.parse(header);
    return Array.isArray(list) ? list.map((v) => ({ location: Array.isArray(v.location) ? v.location.map(String) : [], message: String(v.message ?? "") })) : [];
  } catch {
    return [{ location: ["response"], message: header }];
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
