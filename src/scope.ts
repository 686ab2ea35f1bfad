/**
 * What counts as scope for a bulk call (an operation the spec marks `x-qstash-bulk`): only what the
 * spec lets the server read, i.e. the query parameters the facts name as ids or filters, with at least
 * one value that is not blank. A JSON body is no scope: the spec defines none there, so a server that
 * follows it never reads one. The client's guard judges the URL it is about to send with these rules;
 * the pipeline's checks (claims, live gate) can import them from here as well.
 */

/** What a call to a bulk operation targets. */
export type Scope = "ids" | "filter" | "everything";

/** What a judgement needs of a bulk operation's facts (the client's, or the generator's `bulk`). */
export interface BulkScopeFacts {
  ids: string;
  filters: readonly string[];
}

const BLANK = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}]*$/u;

/**
 * Blank: nothing a server could match on. Undefined, null, a string of only Unicode white space
 * (`\p{White_Space}`; String#trim misses U+0085) or invisible characters (`\p{Default_Ignorable_Code_Point}`:
 * zero-width space, BOM, …), or a list of only such values.
 */
export const isBlank = (value: unknown): boolean =>
  value == null || (Array.isArray(value) ? value.every(isBlank) : BLANK.test(String(value)));

/** Scope of a call to the operation the facts describe; undefined when it is not a bulk operation. */
export function bulkScope(
  bulk: BulkScopeFacts | null | undefined,
  query: Record<string, unknown> | URLSearchParams = {},
): Scope | undefined {
  if (!bulk) return undefined;
  const given = (name: string) => !isBlank(query instanceof URLSearchParams ? query.getAll(name) : query[name]);
  if (given(bulk.ids)) return "ids";
  return bulk.filters.some(given) ? "filter" : "everything";
}

/** The query a raw request target carries, as name → values (the fragment is not part of it). */
export function queryOf(target: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  const search = target.split("#")[0]!.split("?").slice(1).join("?");
  for (const [name, value] of new URLSearchParams(search)) (query[name] ??= []).push(value);
  return query;
}

/**
 * A URL path as the most lenient server could route it: ASCII percent-escapes decoded (`%2e`, `%2F`,
 * `%71`), `\` read as `/`, `;parameters` dropped (servlet containers route without them), dot segments
 * resolved, blank segments dropped (`//`, a trailing `/`), case ignored. The WHATWG parser has already
 * removed `.`, `..`, `%2e` and `%2E%2e` segments by the time a path reaches fetch; a server that decodes
 * before routing goes further, and the guard assumes it might.
 */
export function routePath(pathname: string): string {
  const decoded = pathname.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const steps: string[] = [];
  for (const part of decoded.toLowerCase().split(/[/\\]/)) {
    const step = part.split(";")[0]!;
    if (step === "..") steps.pop();
    else if (step !== "." && !isBlank(step)) steps.push(step);
  }
  return `/${steps.join("/")}`;
}

/** Whether a route path (see routePath) falls on a spec template; `{name}` takes any one segment. */
export function onTemplate(route: string, template: string): boolean {
  const at = route.split("/");
  const parts = template.toLowerCase().split("/");
  return at.length === parts.length && parts.every((part, i) => (part[0] === "{" ? at[i] !== "" : part === at[i]));
}
