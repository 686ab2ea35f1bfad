import fc from "fast-check";
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../../../generated/schema.ts";
import type { Transport } from "../in-process-fetch.ts";
import { transportFor } from "../prism.ts";
import type { CaseResult } from "../suite.ts";
import type { OperationCase, RequestSpec } from "./cases.ts";
import {
  negativeDataRejection,
  noRequestViolations,
  noResponseViolations,
  responseSchemaConformance,
  statusConformance,
  typedClientError,
  type Observation,
  type Violation,
} from "./checks.ts";
import { jsonWithBigInts } from "./edges.ts";
import type { SchemaValidator } from "./schema-validator.ts";
import { noteHeldBack } from "../../live/held-back.ts";
import { openFinding } from "./undocumented.ts";

export interface RunContext {
  baseUrl: string;
  /** How requests reach baseUrl; by default the fastest way there (transportFor). */
  transport?: Transport;
  token: string;
  validator: SchemaValidator;
  seed: number;
  numRuns: number;
}

/** One generated client per base URL and transport: cases reuse it. */
const clients = new Map<string, Map<Transport["fetch"], Client<paths>>>();

function clientFor(baseUrl: string, transport: Transport = transportFor(baseUrl)): Client<paths> {
  const byTransport = clients.get(baseUrl) ?? new Map<Transport["fetch"], Client<paths>>();
  clients.set(baseUrl, byTransport);
  let client = byTransport.get(transport.fetch);
  if (!client) {
    // Same multi-value form as the project's client: label=a&label=b. A mock in this process is
    // reached without a socket (transportFor): thousands of requests cost a fraction of the time.
    const querySerializer = { array: { style: "form", explode: true } } as const;
    client = createClient<paths>({ baseUrl, fetch: transport.fetch, Request: transport.Request, querySerializer });
    byTransport.set(transport.fetch, client);
  }
  return client;
}

/** Sends one request through the generated client and records what it saw. */
export async function send(
  c: Pick<OperationCase, "method" | "path">,
  request: RequestSpec,
  ctx: Pick<RunContext, "baseUrl" | "token" | "transport">,
  prefer?: string,
): Promise<Observation> {
  const auth = request.auth ?? "header";
  const headers: Record<string, string> = auth === "header" ? { Authorization: `Bearer ${ctx.token}` } : {};
  if (prefer) headers.Prefer = prefer;
  const query = auth === "query" ? { ...request.query, qstash_token: ctx.token } : request.query;
  const init: Record<string, unknown> = {
    params: { path: request.pathParams, query, header: request.headers },
    headers,
  };
  if (request.body) {
    headers["Content-Type"] = request.body.mediaType;
    init.body = request.body.value;
    init.bodySerializer = serializerFor(request.body.mediaType);
  }
  const { data, error, response } = await (clientFor(ctx.baseUrl, ctx.transport) as any).request(
    c.method,
    c.path,
    init,
  );
  noteHeldBack(response);
  return { status: response.status, ok: response.ok, data, error, violations: violationsOf(response, error) };
}

function serializerFor(mediaType: string): (body: unknown) => BodyInit {
  if (mediaType === "application/json") return (body) => jsonWithBigInts(body);
  if (mediaType === "application/octet-stream") return (body) => new TextEncoder().encode(String(body));
  return (body) => String(body);
}

function violationsOf(response: Response, error: unknown): Violation[] {
  const header = response.headers.get("sl-violations");
  if (header) {
    try {
      return JSON.parse(header) as Violation[];
    } catch {
      return [
        {
          location: ["response"],
          code: "unparsable",
          message: `sl-violations header is not JSON: ${header.slice(0, 200)}`,
        },
      ];
    }
  }
  // With no declared 4xx Prism answers with a problem document of its own: 422 listing the
  // findings, or 415 naming the supported media types.
  const problem = error as { validation?: Violation[]; type?: string; detail?: string } | undefined;
  if (Array.isArray(problem?.validation))
    return problem.validation.map((v) => ({ ...v, location: v.location ?? ["request"] }));
  if (typeof problem?.type === "string" && problem.type.endsWith("#INVALID_CONTENT_TYPE")) {
    return [
      { location: ["request"], code: "415", message: problem.detail ?? "invalid content type", severity: "Error" },
    ];
  }
  if (typeof problem?.type === "string" && problem.type.endsWith("#UNAUTHORIZED")) {
    return [
      { location: ["request"], code: "401", message: problem.detail ?? "no valid credentials", severity: "Error" },
    ];
  }
  return [];
}

/** A case's result, with the status it met that the spec does not document for the operation, if any. */
export interface OperationResult extends CaseResult {
  undocumentedStatus?: number;
  /** Requests sent: the runs of a positive property, else one. */
  requests: number;
}

/** Runs one case and turns what it saw into a result; it never throws. */
export async function runCase(c: OperationCase, ctx: RunContext): Promise<OperationResult> {
  const started = performance.now();
  const evidence: string[] = [];
  let problems: string[] = [];
  let undocumentedStatus: number | undefined;
  let verdict: OperationResult["verdict"];
  let requests = 0;
  const note = (status: number) => {
    if (!c.documented.includes(status)) undocumentedStatus ??= status;
  };
  try {
    if (c.kind === "positive") {
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(c.requests!, async (request) => {
          runs++;
          requests++;
          const seen = await send(c, request, ctx);
          note(seen.status);
          const found = successProblems(c, seen, ctx.validator);
          if (found.length) throw new Error(found.join("\n"));
        }),
        { seed: ctx.seed, numRuns: ctx.numRuns, endOnFailure: true },
      );
      evidence.push(
        `${runs} generated request(s) answered ${c.expect.status} with a conforming body (seed ${ctx.seed})`,
      );
    } else {
      const prefer = c.kind === "status" ? `code=${c.expect.status}` : undefined;
      requests++;
      const seen = await send(c, c.request, ctx, prefer);
      note(seen.status);
      evidence.push(
        `status ${seen.status}`,
        ...seen.violations.map((v) => `${v.code} at ${v.location.join(".")}: ${v.message}`),
      );
      if (c.kind === "accept") problems = successProblems(c, seen, ctx.validator);
      else if (c.kind === "reject")
        problems = [
          ...statusConformance(seen, c.expect.status),
          ...negativeDataRejection(seen, c.expect.violation!),
          ...noResponseViolations(seen),
        ];
      else
        problems = [
          ...statusConformance(seen, c.expect.status),
          ...noResponseViolations(seen),
          ...typedClientError(ctx.validator, c.expect.responsePointer, seen),
        ];
    }
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (problems.length === 0 && c.expect.unverifiable) {
    verdict = "unverifiable";
    evidence.unshift(`unverifiable on a mock: ${c.expect.unverifiable}`);
  }
  if (undocumentedStatus !== undefined) {
    const finding = openFinding(undocumentedStatus);
    if (problems.length === 0 && c.kind === "reject" && finding !== null) {
      verdict = "unverifiable";
      evidence.unshift(`undocumented status ${undocumentedStatus}: ${finding}`);
    } else {
      const documented = c.documented.join(", ");
      problems.unshift(
        `Received: status ${undocumentedStatus}, which the spec does not document for ${c.operationId} / Documented: ${documented}`,
      );
    }
  }
  return {
    id: c.id,
    group: c.operationId,
    name: c.title,
    ok: problems.length === 0,
    ...(verdict ? { verdict, expected: verdict } : {}),
    evidence: [...problems, ...evidence],
    durationMs: Math.round(performance.now() - started),
    requests,
    ...(undocumentedStatus !== undefined ? { undocumentedStatus } : {}),
  };
}

function successProblems(c: OperationCase, seen: Observation, validator: SchemaValidator): string[] {
  return [
    ...statusConformance(seen, c.expect.status),
    ...noRequestViolations(seen),
    ...noResponseViolations(seen),
    ...responseSchemaConformance(validator, c.expect.responsePointer, seen.data),
  ];
}
