import type { OpenApiDocument } from "../../spec/build.ts";
import type { CheckContext } from "../claims/check-context.ts";
import * as say from "../claims/consequence.ts";
import { conclude, type CheckOutcome, type Finding } from "../claims/outcome.ts";
import { requestBodySchema, type SpecOperation } from "../claims/spec-lookup.ts";
import type { MinedClaim } from "./mined-catalog.ts";
import { missingCall } from "./prose-check.ts";
import { parameterSchema, targetsOf } from "./spec-targets.ts";

/** A limit stated in words (see scripts/mine/limits.ts). */
export interface LimitFacts {
  name: string;
  in: "query" | "path" | "header" | "body";
  default?: string | number;
  minimum?: number;
  maximum?: number;
  enum?: string[];
}

/**
 * A page's words give a parameter's default, bounds or allowed values; the schema gives its own. Every
 * bound the page states is compared with the schema of each operation the claim is about (a sentence
 * that names no call speaks for all the operations that read the parameter, so all must agree).
 */
export async function limitConformance(claim: MinedClaim, context: CheckContext): Promise<CheckOutcome> {
  const limit = claim.limit as unknown as LimitFacts;
  const { description } = context;
  const targets = targetsOf(description, claim.operation);
  if (!targets.operations.length) return conclude([missingCall(description, claim, targets.missing)], []);
  const reading = targets.operations
    .map((op) => ({ op, schema: schemaOf(description, op, limit) }))
    .filter((r): r is { op: SpecOperation; schema: Record<string, any> } => r.schema !== undefined);
  if (!reading.length) {
    const where = targets.operations.map((op) => op.key).join(", ");
    return conclude(
      [say.unknownParameter(limit.name, limit.in)],
      [`spec: ${where} ${targets.operations.length > 1 ? "have" : "has"} no ${limit.in} \`${limit.name}\``],
    );
  }
  const evidence = reading.map(
    ({ op, schema }) => `spec: ${limit.in} \`${limit.name}\` of ${op.key}: ${bounds(schema)}`,
  );
  if (reading.length === 1) return conclude(boundFindings(limit, reading[0].schema), evidence);
  // Several operations read the parameter: one finding per disagreement, naming the operations it holds on.
  const byText = new Map<string, { finding: Finding; ops: string[] }>();
  for (const { op, schema } of reading)
    for (const finding of boundFindings(limit, schema)) {
      const entry = byText.get(finding.consequence) ?? { finding, ops: [] };
      entry.ops.push(op.key);
      byText.set(finding.consequence, entry);
    }
  const agreeing = reading.filter(({ schema }) => !boundFindings(limit, schema).length).map(({ op }) => op.key);
  const agree = agreeing.length
    ? ` (${agreeing.join(", ")} ${agreeing.length > 1 ? "agree" : "agrees"} with the page.)`
    : "";
  const findings = [...byText.values()].map(({ finding, ops }) => ({
    ...finding,
    consequence: `On ${ops.join(", ")}: ${finding.consequence}${agree}`,
  }));
  return conclude(findings, evidence);
}

function boundFindings(limit: LimitFacts, schema: Record<string, any>): Finding[] {
  const findings: Finding[] = [];
  const item = schema.type === "array" ? (schema.items ?? {}) : schema;
  if (limit.default !== undefined && schema.default === undefined)
    findings.push({
      impact: "misleads",
      consequence: `The spec states no default for \`${limit.name}\`, the page says ${JSON.stringify(limit.default)}: the spec is silent where the page is not, so a client generated from it cannot tell callers what leaving it out does.`,
    });
  else if (limit.default !== undefined && !sameValue(limit.default, schema.default))
    findings.push(say.defaultDiffers(limit.name, limit.default, schema.default));
  for (const side of ["minimum", "maximum"] as const) {
    const page = limit[side];
    if (page !== undefined && page !== item[side]) findings.push(say.limitDiffers(limit.name, side, page, item[side]));
  }
  if (limit.enum) {
    const spec: unknown[] | undefined = item.enum;
    const missing = limit.enum.filter((v) => !spec?.includes(v));
    const unsaid = (spec ?? []).filter((v) => !limit.enum!.includes(String(v)));
    if (missing.length || unsaid.length)
      findings.push({
        impact: missing.length ? "breaks" : "misleads",
        consequence: spec
          ? `The spec allows ${spec.map((v) => `\`${v}\``).join(", ")} for \`${limit.name}\`${missing.length ? `: the page's ${missing.map((v) => `\`${v}\``).join(", ")} is refused` : `; the page leaves out ${unsaid.map((v) => `\`${v}\``).join(", ")}`}.`
          : `The spec lists no allowed values for \`${limit.name}\`: the page's list is not checked by a client generated from it.`,
      });
  }
  return findings;
}

/** Numbers and their text (`100`, "100") are one value; so are `true` and "true". */
function sameValue(page: unknown, spec: unknown): boolean {
  return page === spec || (spec !== undefined && String(page) === String(spec));
}

function schemaOf(description: OpenApiDocument, op: SpecOperation, limit: LimitFacts): Record<string, any> | undefined {
  if (limit.in === "body") return requestBodySchema(description, op)?.properties?.[limit.name];
  if (limit.in === "path") return op.parameters.find((p) => p.in === "path" && p.name === limit.name)?.schema;
  return parameterSchema(op, limit.in, limit.name);
}

function bounds(schema: Record<string, any>): string {
  const item = schema.type === "array" ? (schema.items ?? {}) : schema;
  const parts = [
    `type ${schema.type ?? "any"}`,
    schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : "no default",
    item.minimum !== undefined ? `minimum ${item.minimum}` : "",
    item.maximum !== undefined ? `maximum ${item.maximum}` : "",
    item.enum ? `one of ${item.enum.join(", ")}` : "",
  ];
  return parts.filter(Boolean).join(", ");
}
