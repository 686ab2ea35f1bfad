import type { Client } from "openapi-fetch";
import type { paths } from "../../../generated/schema.ts";
import { describeOperations, type OperationFacts } from "../../spec/operations-module.ts";
import type { SuiteContext } from "../suite.ts";
import type { Claim } from "./catalog.ts";
import { contractClient } from "./send.ts";
import { findOperation, type SpecOperation } from "./spec-lookup.ts";

/** Everything a check may use: where the mock is, the spec, and the typed bindings. */
export interface CheckContext extends SuiteContext {
  client: Client<paths>;
  operations: Record<string, OperationFacts>;
}

export function checkContext(context: SuiteContext): CheckContext {
  return { ...context, client: contractClient(context), operations: describeOperations(context.description) };
}

export function factsFor(context: CheckContext, op: SpecOperation): OperationFacts | undefined {
  return Object.values(context.operations).find((f) => f.method === op.method && f.path === op.path);
}

/** The claim's operation in the spec; a claim about an operation the spec lacks cannot be checked. */
export function operationOf(context: CheckContext, claim: Claim): SpecOperation {
  const op = findOperation(context.description, claim.operation);
  if (!op)
    throw new Error(
      `${claim.page.file}: claim ${claim.id} names ${claim.operation}, which the spec does not define; fix the claim's operation or add it to the spec`,
    );
  return op;
}

export function summaryOf(op: SpecOperation): string {
  return `${op.operation.summary ?? op.key} (${op.key})`;
}
