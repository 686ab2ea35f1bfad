import type { Claim } from "../catalog.ts";
import { factsFor, operationOf, summaryOf, type CheckContext } from "../check-context.ts";
import * as say from "../consequence.ts";
import { describeObservation } from "../observation.ts";
import { conclude, type CheckOutcome, type Finding } from "../outcome.ts";
import { bulkScope } from "../../scope.ts";
import { sendRaw, targetOf } from "../send.ts";
import { compareTypes, requestBodySchema, typeName } from "../spec-lookup.ts";

/**
 * A page says a value travels in the JSON body (or that there is no body). The body is sent
 * raw, since the typed client cannot send a body the spec does not define; where the spec
 * reads the same name elsewhere, the finding says so; on a bulk operation the scope the server
 * would act on is worked out from what is left.
 */
export async function requestBodyConformance(claim: Claim, context: CheckContext): Promise<CheckOutcome> {
  const page = claim.body!;
  const op = operationOf(context, claim);
  const schema = requestBodySchema(context.description, op);
  const hasBody = Boolean(op.operation.requestBody);
  if (page.none) {
    return conclude(hasBody ? [say.fieldNotInBody("(any)", op.key)] : [], [
      `spec: ${op.key} ${hasBody ? "takes" : "takes no"} request body`,
    ]);
  }
  const field = page.field!;
  const findings: Finding[] = [];
  const evidence: string[] = [];
  const specField = schema?.properties?.[field];
  if (specField) {
    evidence.push(`spec: body field \`${field}\`: ${typeName(specField)}`);
    const fit = compareTypes(page.type!, typeName(specField));
    if (fit === "different" || fit === "list-for-scalar")
      findings.push(say.typeDiffers(field, page.type!, typeName(specField)));
    if (fit === "scalar-for-list") findings.push(say.scalarForList(field));
  } else {
    const elsewhere = op.parameters.find((p) => p.name === field);
    evidence.push(hasBody ? `spec: the body has no field \`${field}\`` : `spec: ${op.key} takes no request body`);
    if (elsewhere)
      evidence.push(
        `spec: \`${field}\` is a ${elsewhere.in} parameter (${typeName(elsewhere.schema)})${elsewhere.deprecated ? ", deprecated" : ""}`,
      );
    findings.push(elsewhere ? say.movedTo(field, "body", elsewhere.in) : say.fieldNotInBody(field, op.key));
  }
  const request = claim.request ?? {};
  const observed = await sendRaw(context, {
    method: op.method,
    target: targetOf(op, request),
    headers: request.headers,
    body: JSON.stringify(request.body),
  });
  evidence.push(describeObservation(`${op.key} with body ${JSON.stringify(request.body)}`, observed));
  if (!hasBody) findings.push(say.bodyNotInSpec(op.key, observed.status));
  const scope = bulkScope(factsFor(context, op), request.query);
  if (!specField && scope === "everything") findings.push(say.actsOnEverything(summaryOf(op), claim.intent));
  return conclude(findings, evidence);
}
