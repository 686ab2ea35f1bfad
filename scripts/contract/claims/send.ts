import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../../../generated/schema.ts";
import type { SuiteContext } from "../suite.ts";
import type { ClaimRequest } from "./catalog.ts";
import { observe, type Observation } from "./observation.ts";
import type { SpecOperation } from "./spec-lookup.ts";

/** The generated bindings, plain: no guards, so a check sends exactly what the page describes. */
export function contractClient(context: SuiteContext): Client<paths> {
  const client = createClient<paths>({
    baseUrl: context.baseUrl,
    querySerializer: { array: { style: "form", explode: true } },
  });
  client.use({
    onRequest: ({ request }) => {
      if (!request.headers.has("Authorization")) request.headers.set("Authorization", `Bearer ${context.token}`);
      return request;
    },
  });
  return client;
}

/** Sends a request that the typed client can express (parameters where the spec has them). */
export async function sendTyped(
  client: Client<paths>,
  op: SpecOperation,
  request: ClaimRequest = {},
  headers: Record<string, string> = {},
): Promise<Observation> {
  const path = { ...fillPathParams(op), ...request.path };
  const { data, error, response } = await (client as any).request(op.method.toLowerCase(), op.path, {
    params: { query: request.query, path },
    headers: { ...request.headers, ...headers },
    body: request.body,
    parseAs: "text",
  });
  const text = response.ok
    ? typeof data === "string"
      ? data
      : ""
    : typeof error === "string"
      ? error
      : error === undefined
        ? ""
        : JSON.stringify(error);
  return observe(response, text);
}

export interface RawRequest {
  method: string;
  /** Path and query, e.g. `/v2/dlq?count=5`. */
  target: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Sends bytes exactly as given: for what the typed client cannot express (a body the spec lacks). */
export async function sendRaw(context: SuiteContext, request: RawRequest): Promise<Observation> {
  const headers = Object.fromEntries(
    Object.entries(request.headers ?? {}).map(([k, v]) => [k, v.replace("<token>", context.token)]),
  );
  if (
    !Object.keys(headers).some((k) => k.toLowerCase() === "authorization") &&
    !request.target.includes("qstash_token=")
  )
    headers.Authorization = `Bearer ${context.token}`;
  const response = await fetch(`${context.baseUrl}${request.target}`, {
    method: request.method,
    headers,
    body: request.body,
  });
  return observe(response);
}

/** Raw target for an operation: its path with sample values, plus an optional query string. */
export function targetOf(op: SpecOperation, request: ClaimRequest = {}): string {
  const values = { ...fillPathParams(op), ...request.path };
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name]));
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {}))
    for (const item of [value].flat()) query.append(name, String(item));
  const search = [query.toString(), request.rawQuery].filter(Boolean).join("&");
  return search ? `${path}?${search}` : path;
}

function fillPathParams(op: SpecOperation): Record<string, string> {
  return Object.fromEntries(op.parameters.filter((p) => p.in === "path").map((p) => [p.name, `sample-${p.name}`]));
}
