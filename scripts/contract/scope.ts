import { bulkScope as scopeOf, type Scope } from "../../src/scope.ts";
import type { OperationFacts } from "../spec/operations-module.ts";

// The rule of what scopes a bulk call lives with the client (src/scope.ts); the claims checks and the
// live gate judge with the very same one.
export { decodeLoosely, queryOf, type Scope } from "../../src/scope.ts";

/** The scope of a call to this operation, or undefined when it is not a bulk operation. */
export function bulkScope(facts: OperationFacts | undefined, query: Record<string, unknown> = {}): Scope | undefined {
  return facts?.bulk ? scopeOf(facts.bulk, query) : undefined;
}
