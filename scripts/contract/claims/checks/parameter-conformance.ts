import type { Claim } from "../catalog.ts";
import { factsFor, operationOf, summaryOf, type CheckContext } from "../check-context.ts";
import * as say from "../consequence.ts";
import { describeObservation, isSuccess } from "../observation.ts";
import { conclude, type CheckOutcome, type Finding } from "../outcome.ts";
import { bulkScope } from "../../scope.ts";
import { sendTyped } from "../send.ts";
import { compareTypes, requestBodySchema, typeName } from "../spec-lookup.ts";

/**
 * A page says a parameter exists at a place, with a type, limits, a default, required or not.
 * Compared with the spec's parameter, then probed on the mock: the page's sample must be
 * accepted, and each bound the page gives must hold on both sides.
 */
export async function parameterConformance(claim: Claim, context: CheckContext): Promise<CheckOutcome> {
  const page = claim.parameter!;
  const op = operationOf(context, claim);
  const facts = factsFor(context, op);
  const findings: Finding[] = [];
  const evidence: string[] = [];
  const spec = op.parameters.find((p) => p.name === page.name && p.in === page.in);
  const bodyField =
    page.in === "body" ? requestBodySchema(context.description, op)?.properties?.[page.name] : undefined;

  if (!spec && !bodyField) {
    const elsewhere = op.parameters.find((p) => p.name === page.name);
    evidence.push(
      elsewhere
        ? `spec: \`${page.name}\` is ${elsewhere.required ? "a required" : "an optional"} ${elsewhere.in} parameter (${typeName(elsewhere.schema)})`
        : `spec: no parameter or body field \`${page.name}\``,
    );
    findings.push(elsewhere ? say.movedTo(page.name, page.in, elsewhere.in) : say.unknownParameter(page.name, page.in));
    if (elsewhere && page.required !== undefined && page.required !== elsewhere.required) {
      findings.push(say.requiredDiffers(page.name, page.required, bulkScope(facts), summaryOf(op)));
    }
    return conclude(findings, evidence);
  }

  const schema = spec?.schema ?? bodyField!;
  const specType = typeName(schema);
  evidence.push(
    `spec: ${page.in} \`${page.name}\`: ${specType}${spec?.required ? ", required" : ""}${spec?.deprecated ? ", deprecated" : ""}${bound(schema)}`,
  );
  const fit = compareTypes(page.type, specType);
  if (fit === "scalar-for-list") findings.push(say.scalarForList(page.name));
  else if (fit === "list-for-scalar" || fit === "different")
    findings.push(say.typeDiffers(page.name, page.type, specType));
  if (page.required !== undefined && spec && page.required !== spec.required)
    findings.push(say.requiredDiffers(page.name, page.required, bulkScope(facts), summaryOf(op)));
  if (page.deprecated !== undefined && spec && page.deprecated !== spec.deprecated)
    findings.push(say.deprecationDiffers(page.name, page.deprecated));
  if (page.default !== undefined && page.default !== schema.default)
    findings.push(say.defaultDiffers(page.name, page.default, schema.default));

  if (spec && claim.sample !== undefined) {
    const sample = await sendTyped(context.client, op, requestWith(page, claim.sample));
    evidence.push(describeObservation(`page's sample ${page.name}=${JSON.stringify(claim.sample)}`, sample));
    if (!isSuccess(sample) && fit !== "list-for-scalar" && fit !== "different")
      findings.push(say.typeDiffers(page.name, page.type, specType));
    for (const side of ["minimum", "maximum"] as const) {
      const limit = page[side];
      const specLimit = schema[side] as number | undefined;
      if (limit === undefined) {
        if (specLimit !== undefined) findings.push(say.limitDiffers(page.name, side, undefined, specLimit));
        continue;
      }
      // The mock decides: the page's bound must be accepted and one step beyond it refused.
      const outside = side === "maximum" ? limit + 1 : limit - 1;
      const atBound = await sendTyped(context.client, op, requestWith(page, limit));
      const beyond = await sendTyped(context.client, op, requestWith(page, outside));
      evidence.push(
        describeObservation(`${page.name}=${limit} (page's ${side})`, atBound),
        describeObservation(`${page.name}=${outside} (beyond it)`, beyond),
      );
      if (!isSuccess(atBound) || isSuccess(beyond)) findings.push(say.limitDiffers(page.name, side, limit, specLimit));
    }
  }
  return conclude(findings, evidence);
}

function requestWith(page: NonNullable<Claim["parameter"]>, value: unknown) {
  return page.in === "path"
    ? { path: { [page.name]: String(value) } }
    : page.in === "header"
      ? { headers: { [page.name]: String(value) } }
      : { query: { [page.name]: value } };
}

function bound(schema: Record<string, any>): string {
  const parts = [
    schema.minimum !== undefined ? `minimum ${schema.minimum}` : "",
    schema.maximum !== undefined ? `maximum ${schema.maximum}` : "",
    schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : "",
  ].filter(Boolean);
  return parts.length ? `, ${parts.join(", ")}` : "";
}
