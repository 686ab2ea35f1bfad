import type { Claim } from "../catalog.ts";
import { factsFor, operationOf, type CheckContext } from "../check-context.ts";
import { describeObservation } from "../observation.ts";
import { unverifiable, type CheckOutcome } from "../outcome.ts";
import { sendRaw, targetOf } from "../send.ts";

/**
 * Server-side behaviour (which messages match, OR/AND, timing) cannot be decided by a mock. The
 * verdict says so, with what the spec and the mock do show: whether the spec marks the operation
 * as acting on everything when unfiltered, and how the mock reads the page's request, if any.
 */
export async function semanticsOnMock(claim: Claim, context: CheckContext): Promise<CheckOutcome> {
  const op = operationOf(context, claim);
  const facts = factsFor(context, op);
  const evidence: string[] = [];
  if (facts?.bulk)
    evidence.push(
      `spec: ${op.key} is marked bulk (x-qstash-bulk): with no \`${facts.bulk.ids}\` and none of ${facts.bulk.filters.length} filters, it acts on every message`,
    );
  if (claim.request) {
    const observed = await sendRaw(context, { method: op.method, target: targetOf(op, claim.request) });
    evidence.push(describeObservation(`${op.method} ${targetOf(op, claim.request)}`, observed));
  }
  evidence.push(
    facts?.bulk
      ? "deciding it needs the real service with data on it; no check here sends a bulk call without a filter to a live account"
      : "deciding it needs the real service",
  );
  return unverifiable(claim.reason!, evidence);
}
