import type { OpenApiDocument } from "../spec/build.ts";
import type { OperationFacts } from "../spec/operations-module.ts";
import { bulkScope, queryOf } from "../contract/scope.ts";
import { findRoute, routesFitting, type FoundRoute } from "../contract/find-route.ts";
import { changesState } from "./changes-state.ts";
import { pathReadings } from "../../src/path-readings.ts";

/** Why the gate keeps a request from the server. */
export type HoldReason =
  | "malformed target"
  | "method override"
  | "acts on everything"
  | "cannot be undone"
  | "changes state"
  | "not in the spec";

export interface Judgement {
  /** The operation the request reaches as sent (`DELETE /v2/dlq`), for the report. */
  operation: string;
  route: FoundRoute;
  hold?: HoldReason;
  /** Which reading of the request made it dangerous, e.g. `read as DELETE /v2/dlq`. */
  detail?: string;
}

export interface GateRequest {
  method: string;
  /** The request target exactly as it arrived: path and query. */
  target: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Uint8Array;
}

export interface Policy {
  description: OpenApiDocument;
  /** Facts per `METHOD /path` key. */
  facts: Record<string, OperationFacts>;
  allowWrites: boolean;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Headers and a parameter by which frameworks let a request claim another method than its own. */
const OVERRIDE_HEADERS = ["x-http-method-override", "x-http-method", "x-method-override"];
const OVERRIDE_PARAMETER = /^_method$/i;
/**
 * Writes a live run never sends even with --allow-writes: their effect reaches beyond the run and
 * no call undoes it (rotating the signing keys twice breaks every receiver that verifies signatures).
 */
const IRREVERSIBLE = new Set(["rotateSigningKeys"]);

/**
 * Decides whether the live gate may forward a request. It does not trust the server (or Prism)
 * to read the request the way the spec does: it weighs every reading in path-readings.ts, every
 * operation each reading could reach, and holds the request back if any of them would act on
 * everything, or (read-only) change state. A request that claims another method, or whose target
 * is not a plain path and query, is never forwarded.
 */
export function judgeRequest(request: GateRequest, policy: Policy): Judgement {
  const method = request.method.toUpperCase();
  const path = request.target.split("?")[0];
  const route = findRoute(policy.description, method, path);
  const verdict = (hold?: HoldReason, detail?: string): Judgement => ({ operation: route.key, route, hold, detail });
  const plain = request.target.startsWith("/") && !request.target.includes("#");
  if (!plain) return verdict("malformed target", "only a path and a query are forwarded");
  const override = overrideOf(request);
  if (override) return verdict("method override", override);

  const query = queryOf(request.target);
  const wire = wirePath(request.target);
  const readings = [...pathReadings(path), ...(wire === path ? [] : pathReadings(wire))];
  const methods = method === "HEAD" || method === "OPTIONS" ? [method, "GET"] : [method];
  const reached = readings.flatMap((reading) =>
    methods.flatMap((candidate) =>
      routesFitting(policy.description, candidate, reading.path).map((found) => ({ reading, candidate, found })),
    ),
  );
  // The worst reason first: "everything" is never sent, whatever the flags.
  for (const { reading, found } of reached) {
    if (bulkScope(policy.facts[found.key], reading.dropsQuery ? {} : query) === "everything") {
      const how = reading.path === path ? "" : ` (path read as ${reading.path})`;
      return verdict("acts on everything", `read as ${found.key}${how}`);
    }
  }
  const irreversible = reached.find(({ found }) => IRREVERSIBLE.has(String(found.operation?.operationId)));
  if (irreversible) return verdict("cannot be undone", `read as ${irreversible.found.key}`);
  if (!policy.allowWrites) {
    if (!READ_METHODS.has(method)) return verdict("changes state");
    const acting = reached.find(({ candidate, found }) => changesState(candidate, found.operation));
    if (acting) return verdict("changes state", `read as ${acting.found.key}`);
  }
  if (reached.length === 0 && (!policy.allowWrites || !methodInSpec(policy.description, method))) {
    return verdict("not in the spec", "no reading of it reaches an operation");
  }
  return verdict();
}

/** The method a request claims besides its own, if any (header, query parameter or form/JSON body field). */
function overrideOf(request: GateRequest): string | undefined {
  for (const name of OVERRIDE_HEADERS) {
    const value = Object.entries(request.headers).find(([key]) => key.toLowerCase() === name)?.[1];
    if (value !== undefined) return `${name}: ${[value].flat().join(", ")}`;
  }
  if (Object.keys(queryOf(request.target)).some((name) => OVERRIDE_PARAMETER.test(name))) return "_method in the query";
  if (request.body && /_method/i.test(Buffer.from(request.body).toString("latin1"))) return "_method in the body";
  return undefined;
}

/** The path as a WHATWG URL parser (Prism's, a proxy's) reads it: dot segments resolved, `\` as `/`, spaces escaped. */
function wirePath(target: string): string {
  try {
    return new URL(`http://gate${target}`).pathname;
  } catch {
    return target.split("?")[0];
  }
}

function methodInSpec(description: OpenApiDocument, method: string): boolean {
  return Object.values(description.paths ?? {}).some((item: any) => item?.[method.toLowerCase()]);
}

/** Facts keyed by `METHOD /path`, as the judge looks them up. */
export function factsByRoute(operations: Record<string, OperationFacts>): Record<string, OperationFacts> {
  return Object.fromEntries(Object.values(operations).map((facts) => [`${facts.method} ${facts.path}`, facts]));
}
