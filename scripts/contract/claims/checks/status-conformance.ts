import type { Claim } from "../catalog.ts";
import { operationOf, type CheckContext } from "../check-context.ts";
import * as say from "../consequence.ts";
import { describeObservation } from "../observation.ts";
import { conclude, type CheckOutcome, type Finding } from "../outcome.ts";
import { sendTyped } from "../send.ts";
import { declaredStatuses } from "../spec-lookup.ts";

/**
 * A page says a call answers with a status. A success status must be what the mock answers
 * unprompted; an error status must be declared, and reachable with `Prefer: code=`.
 */
export async function statusConformance(claim: Claim, context: CheckContext): Promise<CheckOutcome> {
  const status = claim.status!;
  const op = operationOf(context, claim);
  const declared = declaredStatuses(op);
  const findings: Finding[] = [];
  const evidence = [`spec: ${op.key} declares ${declared.join(", ")}`];
  const plain = await sendTyped(context.client, op, claim.request);
  evidence.push(describeObservation(`${op.key} as the page describes it`, plain));
  if (status < 300) {
    if (plain.status !== status) findings.push(say.statusDiffers(status, plain.status));
  } else {
    const forced = await sendTyped(context.client, op, claim.request, { Prefer: `code=${status}` });
    evidence.push(describeObservation(`${op.key} with Prefer: code=${status}`, forced));
    if (!declared.includes(String(status)) || forced.status !== status)
      findings.push(say.statusNotDeclared(status, declared));
  }
  return conclude(findings, evidence);
}
