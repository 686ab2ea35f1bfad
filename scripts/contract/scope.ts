import type { OperationFacts } from "../spec/operations-module.ts";

/** What a call to a bulk operation targets, judged only from what the spec lets the server read. */
export type Scope = "ids" | "filter" | "everything";

/**
 * Ids or a filter count only when every value given for them would still name something to a
 * server that trims: undefined, null, "", white space of any script, invisible format characters,
 * list separators and brackets, or a list of only such values, are "nothing". Only the query names
 * the spec declares for the operation count: a server that follows the spec reads no other.
 */
export function bulkScope(facts: OperationFacts | undefined, query: Record<string, unknown> = {}): Scope | undefined {
  if (!facts?.bulk) return undefined;
  const given = (name: string) => Object.hasOwn(query, name) && isGiven(query[name]);
  if (given(facts.bulk.ids)) return "ids";
  if (facts.bulk.filters.some(given)) return "filter";
  return "everything";
}

/** Characters that name nothing: white space (Unicode), controls, invisible formats, separators, brackets, quotes. */
const NOTHING = /[\p{White_Space}\p{Cc}\p{Cf},;[\]{}"'()]/gu;

/** Does this value name something? A list must have values, and every one of them must (a server may read any one). */
function isGiven(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(isGiven);
  if (value === undefined || value === null) return false;
  return readingsOf(String(value)).every((reading) => reading.replace(NOTHING, "") !== "");
}

/**
 * The ways a server may read one query value: as sent, cut at a `;` (older parsers split on it),
 * and percent-decoded once or twice more (a server that decodes again).
 */
function readingsOf(value: string): string[] {
  const readings = [value, value.split(";")[0]];
  for (let round = 0; round < 2; round++) readings.push(...readings.map(decodeLoosely));
  return readings;
}

/** Percent-decodes what decodes, leaves the rest; never throws. */
export function decodeLoosely(text: string): string {
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  });
}

/** The query a raw target carries, as name → values. */
export function queryOf(target: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  const search = target.includes("?") ? target.slice(target.indexOf("?") + 1) : "";
  for (const [name, value] of new URLSearchParams(search)) (query[name] ??= []).push(value);
  return query;
}
