import type { Claim } from "../catalog.ts";
import { operationOf, type CheckContext } from "../check-context.ts";
import * as say from "../consequence.ts";
import { describeObservation } from "../observation.ts";
import { conclude, type CheckOutcome, type Finding } from "../outcome.ts";
import { sendTyped } from "../send.ts";
import { compareTypes, fieldSchema, responseSchema, typeName } from "../spec-lookup.ts";

/**
 * A page says an answer carries a field of a type (or no body at all). The spec's schema for
 * that status is read, and the mock's answer for that status must carry the field with a value
 * of that type.
 */
export async function responseFieldConformance(claim: Claim, context: CheckContext): Promise<CheckOutcome> {
  const page = claim.response!;
  const op = operationOf(context, claim);
  const findings: Finding[] = [];
  const schema = responseSchema(context.description, op, page.status);
  const observed = await sendTyped(context.client, op, claim.request, { Prefer: `code=${page.status}` });
  const evidence = [describeObservation(`${op.key} (Prefer: code=${page.status})`, observed)];
  if (observed.status !== page.status)
    findings.push(say.statusNotDeclared(page.status, Object.keys(op.operation.responses ?? {})));

  if (page.empty) {
    evidence.push(`spec: ${page.status} ${schema ? `has a body (${typeName(schema)})` : "has no body"}`);
    if (schema || observed.text.length > 0) findings.push(say.responseNotEmpty(page.status));
    return conclude(findings, evidence);
  }
  const field = page.field!;
  const specField = fieldSchema(schema, field);
  const values = valuesAt(observed.json, field);
  evidence.push(
    `spec: ${page.status} \`${field}\`: ${typeName(specField)}`,
    `mock: \`${field}\` = ${values.length ? values.map((v) => JSON.stringify(v)).join(", ") : "absent"}`,
  );
  if (!specField || values.length === 0) findings.push(say.responseFieldMissing(field, page.status));
  else {
    const fit = compareTypes(page.type!, typeName(specField));
    if (fit !== "same" && fit !== "compatible")
      findings.push(say.responseTypeDiffers(field, page.type!, typeName(specField)));
    if (!values.every((v) => fitsType(v, page.type!)))
      findings.push(say.responseTypeDiffers(field, page.type!, typeof values[0]));
  }
  return conclude(findings, evidence);
}

/** Values at `a.b` or `list[].field` in a parsed answer. */
function valuesAt(json: unknown, field: string): unknown[] {
  let nodes: unknown[] = [json];
  for (const part of field.split(".")) {
    const isList = part.endsWith("[]");
    const key = isList ? part.slice(0, -2) : part;
    nodes = nodes.flatMap((node) => {
      const value = (node as Record<string, unknown> | undefined)?.[key];
      if (value === undefined) return [];
      return isList ? (Array.isArray(value) ? value : []) : [value];
    });
  }
  return nodes;
}

function fitsType(value: unknown, type: string): boolean {
  if (type === "integer") return Number.isInteger(value);
  if (type === "number") return typeof value === "number";
  if (type.endsWith("[]")) return Array.isArray(value);
  return typeof value === type;
}
