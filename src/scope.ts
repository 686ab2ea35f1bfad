/**
 * What counts as scope for a bulk call (an operation the spec marks `x-qstash-bulk`): only what the
 * spec lets the server read, i.e. the query parameters the facts name as ids or filters, with values
 * none of which is blank. A JSON body is no scope: the spec defines none there, so a server that
 * follows it never reads one. The client's guard judges the URL it is about to send with these rules,
 * and the pipeline's checks (claims, live gate) import them from here: one rule, one place.
 */

/** What a call to a bulk operation targets. */
export type Scope = "ids" | "filter" | "everything";

/** The part of an operation's facts a judgement needs: its ids parameter and its filters. */
export interface BulkFacts {
  ids: string;
  filters: readonly string[];
}

/** Characters that name nothing: white space of any script, controls, invisible formats, separators, brackets, quotes. */
const NOTHING = /[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point},;[\]{}"'()]/gu;

/**
 * Blank: nothing a server could match on, in any way a server may read the value: as sent, cut at
 * a `;` (older parsers split on it) and percent-decoded once or twice more (a server that decodes
 * again). Undefined, null, a value made only of NOTHING in one of those readings, or a list in
 * which any value is blank (a server may read any one of them), or an empty list.
 */
export function isBlank(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0 || value.some(isBlank);
  if (value == null) return true;
  const readings = [String(value), String(value).split(";")[0]!];
  for (let round = 0; round < 2; round++) readings.push(...readings.map(decodeLoosely));
  return readings.some((reading) => reading.replace(NOTHING, "") === "");
}

/** Percent-decodes what decodes and leaves the rest; never throws. */
export function decodeLoosely(text: string): string {
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  });
}

/**
 * Scope of a call to a bulk operation, judged only from what the spec lets the server read: the
 * query parameters the facts name as ids or filters (own names only), each with no blank value.
 */
export function bulkScope(facts: BulkFacts, query: Record<string, unknown> | URLSearchParams = {}): Scope {
  const given = (name: string) =>
    query instanceof URLSearchParams
      ? query.has(name) && !isBlank(query.getAll(name))
      : Object.hasOwn(query, name) && !isBlank(query[name]);
  if (given(facts.ids)) return "ids";
  return facts.filters.some(given) ? "filter" : "everything";
}

/**
 * The query a raw request target carries, as name → values (the fragment is not part of it). No
 * prototype: a name such as `__proto__` or `constructor` is a parameter like any other.
 */
export function queryOf(target: string): Record<string, string[]> {
  const query: Record<string, string[]> = Object.create(null);
  const search = target.split("#")[0]!.split("?").slice(1).join("?");
  for (const [name, value] of new URLSearchParams(search)) (query[name] ??= []).push(value);
  return query;
}

/** Whether a path (a reading of one, lower-cased: path-readings.ts) falls on a spec template; `{name}` takes any one segment. */
export function onTemplate(route: string, template: string): boolean {
  const at = route.split("/");
  const parts = template.toLowerCase().split("/");
  return at.length === parts.length && parts.every((part, i) => (part[0] === "{" ? at[i] !== "" : part === at[i]));
}
