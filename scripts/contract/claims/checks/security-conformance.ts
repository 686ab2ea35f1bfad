import type { Claim } from "../catalog.ts";
import { operationOf, type CheckContext } from "../check-context.ts";
import * as say from "../consequence.ts";
import { describeObservation, isSuccess } from "../observation.ts";
import { conclude, type CheckOutcome, type Finding } from "../outcome.ts";
import { sendRaw, targetOf } from "../send.ts";

/**
 * A page says where the token goes. The spec must have a scheme for that place that the
 * operation accepts; on the mock, the token there alone must pass and no token must get 401.
 */
export async function securityConformance(claim: Claim, context: CheckContext): Promise<CheckOutcome> {
  const { in: where, name } = claim.security!;
  const op = operationOf(context, claim);
  const schemes: Record<string, any> = context.description.components?.securitySchemes ?? {};
  const accepted: Record<string, unknown>[] = op.operation.security ?? context.description.security ?? [];
  const matching = Object.entries(schemes).find(([, s]) =>
    where === "header"
      ? s.type === "http" && s.scheme === "bearer" && name.toLowerCase() === "authorization"
      : s.type === "apiKey" && s.in === "query" && s.name === name,
  );
  const usable = matching && accepted.some((requirement) => matching[0] in requirement);
  const findings: Finding[] = usable ? [] : [say.securityMissing(where, name)];
  const evidence = [
    `spec: schemes ${Object.keys(schemes).join(", ")}; ${op.key} accepts ${accepted.map((r) => Object.keys(r).join("+")).join(" or ")}`,
  ];

  const base = targetOf(op);
  const withToken =
    where === "header"
      ? await sendRaw(context, { method: op.method, target: base, headers: { Authorization: "Bearer <token>" } })
      : await sendRaw(context, {
          method: op.method,
          target: `${base}${base.includes("?") ? "&" : "?"}${name}=${encodeURIComponent(context.token)}`,
        });
  // A stand-in header keeps sendRaw from adding the real token, so the call carries none.
  const without = await sendRaw(context, { method: op.method, target: base, headers: { Authorization: "" } });
  evidence.push(describeObservation(`token in ${where} ${name}`, withToken), describeObservation("no token", without));
  if (!isSuccess(withToken)) findings.push(say.securityMissing(where, name));
  if (without.status !== 401)
    findings.push({
      impact: "misleads",
      consequence: `The mock let a call without a token through (${without.status}).`,
    });
  return conclude(findings, evidence);
}
