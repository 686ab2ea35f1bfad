import type { OperationFacts } from "../spec/operations-module.ts";

/** What a call to a bulk operation targets, judged only from what the spec lets the server read. */
export type Scope = "ids" | "filter" | "everything";

export function bulkScope(facts: OperationFacts | undefined, query: Record<string, unknown> = {}): Scope | undefined {
  if (!facts?.bulk) return undefined;
  const given = (name: string) => [query[name]].flat().some((v) => v !== undefined && v !== "");
  if (given(facts.bulk.ids)) return "ids";
  if (facts.bulk.filters.some(given)) return "filter";
  return "everything";
}

/** The query a raw target carries, as name → values. */
export function queryOf(target: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  const search = target.includes("?") ? target.slice(target.indexOf("?") + 1) : "";
  for (const [name, value] of new URLSearchParams(search)) (query[name] ??= []).push(value);
  return query;
}
