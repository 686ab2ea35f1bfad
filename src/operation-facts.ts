import { OPERATIONS } from "../generated/operations.ts";

/**
 * The few facts the client acts on at run time, per operation: which calls act in bulk (and
 * so need a filter, ids or an explicit `all: true`), the largest documented batch size, and
 * which calls page with a cursor, which header families a call forwards. Derived from
 * generated/operations.ts; scripts/build-package.ts evaluates this module at build time and
 * inlines the result, so the published bundle carries only these facts, never the whole table.
 */
export interface OperationFacts {
  method: string;
  path: string;
  bulk?: { ids: string; limit: string | null; filters: readonly string[]; max?: number };
  pagination?: { cursor: string; items?: string };
  /** Header-name prefixes the operation forwards as families (`Upstash-Forward-`, …). */
  families?: readonly string[];
}

export const FACTS: Record<string, OperationFacts> = deriveFacts();

function deriveFacts(): Record<string, OperationFacts> {
  const facts: Record<string, OperationFacts> = {};
  for (const [id, op] of Object.entries(OPERATIONS) as [string, any][]) {
    const families: string[] | undefined = op.headerFamilies ?? undefined;
    if (!op.bulk && !op.pagination && !families?.length) continue;
    const fact: OperationFacts = { method: op.method, path: op.path };
    if (families?.length) fact.families = families;
    if (op.bulk) {
      const max = op.bulk.max ?? undefined;
      fact.bulk = { ids: op.bulk.ids, limit: op.bulk.limit ?? null, filters: op.bulk.filters, ...(max === undefined ? {} : { max }) };
    }
    if (op.pagination) fact.pagination = { cursor: op.pagination.cursor, ...(op.pagination.items ? { items: op.pagination.items } : {}) };
    facts[id] = fact;
  }
  return facts;
}

/** Facts by `METHOD path`, the way a call names its operation. */
export const BY_ROUTE: Record<string, OperationFacts> = Object.fromEntries(Object.values(FACTS).map((f) => [`${f.method} ${f.path}`, f]));
