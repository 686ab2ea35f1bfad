import { destinationProblem } from "./destination.ts";
import { QStashGuardError } from "./guard-error.ts";
import type { BulkFacts } from "./operation-facts.ts";
import { pathReadings } from "./path-readings.ts";
import { bulkScope, isBlank, onTemplate } from "./scope.ts";

/** A "." or ".." step anywhere in a value. */
const DOT_STEP = /(^|[/\\])\.\.?([/\\]|$)/;

/**
 * The path of a call with its parameters filled in: each value read once, sent as one
 * percent-encoded segment (openapi-fetch's convention), except a destination, which goes raw
 * (destination.ts). Refused before sending:
 * - a blank value: `/v2/dlq/{dlqId}` would go out as `/v2/dlq/`, the bulk delete's path;
 * - "." or "..": encodeURIComponent leaves them as they are and the URL parser removes the segment
 *   (`DELETE /v2/dlq/{dlqId}` with "." is `DELETE /v2/dlq/`); a "." or ".." step after a `/` or `\`
 *   inside a value too, which a server that decodes `%2F` before routing would follow;
 * - a destination (the parameter `destination` names, from the facts) the raw form cannot carry.
 */
export function fillPath(template: string, values: Record<string, unknown> | undefined, destination?: string): string {
  const filled: Record<string, string> = Object.create(null);
  const fill = (name: string) => segment(template, name, values?.[name], name === destination);
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => (filled[name] ??= fill(name)));
}

function segment(template: string, name: string, given: unknown, destination: boolean): string {
  const value = given == null ? "" : String(given);
  const refuse = (why: string) => {
    throw new QStashGuardError(`${template}: path parameter "${name}" ${why}; nothing was sent`);
  };
  if (isBlank(value)) refuse("is empty or blank");
  if (destination) {
    const problem = destinationProblem(value);
    if (problem) refuse(problem);
    return value;
  }
  if (DOT_STEP.test(value)) refuse(`is ${JSON.stringify(value)}: the URL would drop a "." or ".." step`);
  return encodeURIComponent(value);
}

/**
 * A bulk operation with no ids and no filter acts on everything (every pending message, the whole
 * DLQ): refused before a byte is sent unless the caller said `all: true`. `query` is the query of the
 * URL about to go out, so only what the server will read counts (scope.ts); `asked` is the path the
 * call named, quoted when it reaches the bulk operation in another form; `readAs`, the reading of the
 * path that reaches it, when that is not the path as sent, and whether that reading loses the query.
 */
export function assertBulkChoice(
  facts: BulkFacts,
  query: URLSearchParams,
  all: boolean,
  asked: string,
  readAs?: { path: string; dropsQuery: boolean },
): void {
  if (all || bulkScope(facts, readAs?.dropsQuery ? NO_QUERY : query) !== "everything") return;
  const reading = readAs ? `, which a server may read as ${readAs.path}` : "";
  const route = `${facts.method} ${facts.path}${asked === facts.path && !readAs ? "" : ` (as ${asked}${reading})`}`;
  const why = readAs?.dropsQuery
    ? "that reading cuts the query off"
    : query.has(facts.ids)
      ? `"${facts.ids}" holds only blank ids`
      : "no ids and no filter";
  const fix = "nothing was sent (pass all: true if you mean that)";
  throw new QStashGuardError(`${route}: ${why}, so it would act on everything; ${fix}`);
}

const NO_QUERY = new URLSearchParams();

/**
 * The guard on the URL about to go out: every reading a server may give its path (path-readings.ts), as
 * sent and with the base URL's own path taken off (a proxy that strips its prefix), is matched against the
 * bulk operations of the call's method, and each one it reaches must have its scope in what that reading
 * keeps of the query (assertBulkChoice). Returns the bulk operation the URL reaches, if any.
 */
export function guardBulkReadings(
  url: URL,
  basePath: string,
  bulk: readonly BulkFacts[],
  all: boolean,
  asked: string,
): BulkFacts | undefined {
  const sent = url.pathname;
  const paths = basePath && sent.startsWith(`${basePath}/`) ? [sent, sent.slice(basePath.length)] : [sent];
  let reached: BulkFacts | undefined;
  for (const path of paths) {
    for (const reading of pathReadings(path)) {
      const route = reading.path.toLowerCase();
      for (const facts of bulk) {
        if (!onTemplate(route, facts.path)) continue;
        // Named in a refusal when it is not the path as sent (nor loses the query).
        const named = reading.dropsQuery || reading.path !== path;
        assertBulkChoice(facts, url.searchParams, all, asked, named ? reading : undefined);
        reached ??= facts;
      }
    }
  }
  return reached;
}
