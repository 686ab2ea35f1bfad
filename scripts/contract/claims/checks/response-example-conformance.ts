import { Ajv2020 } from "ajv/dist/2020.js";
import { addOpenApiFormats } from "../../openapi-formats.ts";
import type { Claim } from "../catalog.ts";
import { operationOf, type CheckContext } from "../check-context.ts";
import * as say from "../consequence.ts";
import { conclude, type CheckOutcome, type Finding } from "../outcome.ts";
import { declaredStatuses, responseSchema } from "../spec-lookup.ts";

const ajv = addOpenApiFormats(new Ajv2020({ strict: false, allErrors: true }));

/** A page shows a sample answer: its status must be one the spec declares, its body must fit the schema. */
export async function responseExampleConformance(claim: Claim, context: CheckContext): Promise<CheckOutcome> {
  const page = claim.response!;
  const op = operationOf(context, claim);
  const declared = declaredStatuses(op);
  const findings: Finding[] = [];
  const evidence = [`spec: ${op.key} declares ${declared.join(", ")}`];
  const success = declared.find((s) => s.startsWith("2"));
  if (!declared.includes(String(page.status)))
    findings.push(say.statusDiffers(page.status, success ?? declared.join("/")));
  const status = declared.includes(String(page.status)) ? page.status : Number(success);
  const schema = responseSchema(context.description, op, status);
  if (schema) {
    const validate = ajv.compile(schema);
    const fits = validate(page.body);
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || "(body)"} ${e.message}`).join("; ");
    evidence.push(
      `sample body ${JSON.stringify(page.body)} ${fits ? "fits" : "does not fit"} the spec's ${status} schema${fits ? "" : `: ${errors}`}`,
    );
    if (!fits) findings.push(say.exampleDoesNotFit(status, errors));
  }
  return conclude(findings, evidence);
}
