import { destinationProblem } from "./destination.ts";
import { QStashGuardError } from "./guard-error.ts";
import type { BulkFacts } from "./operation-facts.ts";
import { bulkScope, isBlank } from "./scope.ts";

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
  const filled: Record<string, string> = {};
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
 * call named, quoted when it reaches the bulk operation in another form.
 */
export function assertBulkChoice(facts: BulkFacts, query: URLSearchParams, all: boolean, asked: string): void {
  if (all || bulkScope(facts, query) !== "everything") return;
  const route = `${facts.method} ${facts.path}${asked === facts.path ? "" : ` (as ${asked})`}`;
  const why = query.has(facts.ids) ? `"${facts.ids}" holds only blank ids` : "no ids and no filter";
  const fix = "nothing was sent (pass all: true if you mean that)";
  throw new QStashGuardError(`${route}: ${why}, so it would act on everything; ${fix}`);
}
