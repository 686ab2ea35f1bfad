import { Ajv2020 } from "ajv/dist/2020.js";
import type { OpenApiDocument } from "../../spec/build.ts";
import type { CheckContext } from "../claims/check-context.ts";
import { conclude, type CheckOutcome, type Finding } from "../claims/outcome.ts";
import type { SpecOperation } from "../claims/spec-lookup.ts";
import { describeFinding } from "../strict-check.ts";
import type { MinedClaim } from "./mined-catalog.ts";
import { declares, neighbours, parameterSchema, targetsOf } from "./spec-targets.ts";

/** What a sentence names (see scripts/mine/prose-claims.ts). */
export interface ProseFacts {
  names: "endpoint" | "header" | "query";
  name?: string;
  value?: string;
  method?: string;
  path?: string;
  /** How the miner found the call: the sentence, the page's api line, a word ("publish"), or not at all. */
  context: "sentence" | "page" | "words" | "none";
}

/** Values come from prose as text; the schema decides what they mean (`3` an integer, `true` a boolean). */
const ajv = new Ajv2020({ strict: false, coerceTypes: true });

/**
 * A claim made in a sentence. An endpoint must be an operation of the spec (a path named without
 * its method may stand for a family: `/v2/publish`); a header or query parameter must be read by
 * the call the sentence puts it on (or, when it names no call, by some operation), and a value the
 * sentence gives must fit the parameter's schema.
 */
export async function proseConformance(claim: MinedClaim, context: CheckContext): Promise<CheckOutcome> {
  const facts = claim.prose as unknown as ProseFacts;
  const { description } = context;
  const targets = targetsOf(description, claim.operation);
  const evidence: string[] = [];
  if (facts.names === "endpoint") {
    if (targets.operations.length) {
      evidence.push(`spec: ${targets.operations.map((op) => op.key).join(", ")}`);
      return conclude([], evidence);
    }
    if (targets.family?.length) {
      evidence.push(`spec: ${targets.family.join(", ")} (the path names this family of calls)`);
      return conclude([], evidence);
    }
    return conclude([missingCall(description, claim, targets.missing)], withMissing(evidence, targets.missing));
  }
  const place = facts.names;
  const name = facts.name!;
  const noun = place === "header" ? "header" : "query parameter";
  if (!targets.operations.length && !targets.family?.length)
    return conclude([missingCall(description, claim, targets.missing)], withMissing(evidence, targets.missing));
  const candidates = targets.operations.length
    ? targets.operations
    : targetsOf(description, "ANY *").operations.filter((op) => targets.family!.includes(op.path));
  const reading = candidates.filter((op) => declares(description, op, place, name));
  const anywhere = claim.operation === "ANY *" ? reading : everywhereDeclaring(description, place, name);
  evidence.push(
    reading.length
      ? `spec: ${noun} \`${name}\` is read by ${keys(reading)}`
      : `spec: ${noun} \`${name}\` is read by ${anywhere.length ? keys(anywhere) : "no operation"}`,
  );
  if (!reading.length) return conclude([notRead(claim, noun, name, anywhere)], evidence);
  if (facts.value === undefined) return conclude([], evidence);
  const refusing = reading.filter((op) => !fits(op, place, name, facts.value!));
  if (!refusing.length) return conclude([], evidence);
  const schema = parameterSchema(refusing[0], place, name) ?? {};
  evidence.push(`spec: ${noun} \`${name}\` of ${refusing[0].key}: ${JSON.stringify(schema)}`);
  return conclude(
    [
      {
        impact: "breaks",
        consequence: `The page's value \`${facts.value}\` for the ${noun} \`${name}\` is not one the spec allows on ${keys(refusing)}: a server that follows the spec refuses the call.`,
      },
    ],
    evidence,
  );
}

function fits(op: SpecOperation, place: "header" | "query", name: string, value: string): boolean {
  const schema = parameterSchema(op, place, name);
  if (!schema) return true; // a family member or a query token: any value
  return ajv.validate(schema, value) as boolean;
}

function notRead(claim: MinedClaim, noun: string, name: string, elsewhere: SpecOperation[]): Finding {
  const where = claim.operation === "ANY *" ? "any operation" : claim.operation.replace(/^ANY /, "");
  if (elsewhere.length)
    return {
      impact: "misleads",
      consequence: `The page puts the ${noun} \`${name}\` on ${where}, but the spec reads it only on ${keys(elsewhere)}: sent where the page says, a server that follows the spec ignores it.`,
    };
  const who = /changelog/.test(claim.page.seed)
    ? "the changelog announces it, so the spec is behind the page"
    : "the page documents what the spec is silent about";
  return {
    impact: "misleads",
    consequence: `No operation of the spec reads a ${noun} \`${name}\`: ${who}; a client generated from the spec cannot send it, and a server that follows the spec ignores it.`,
  };
}

/** The page names a call the spec lacks: what the caller gets, and the spec's near spellings. */
export function missingCall(
  description: OpenApiDocument,
  claim: MinedClaim,
  missing: ReturnType<typeof targetsOf>["missing"],
): Finding {
  const [method, path] = claim.operation.split(" ");
  const near = neighbours(description, path);
  const hint = near.length ? ` The spec has ${near.join(", ")}: the page's path is stale or misspelled.` : "";
  const how =
    missing?.kind === "method-not-allowed"
      ? `the spec gives that path other methods (${missing.fix.replace(/^send /, "").split(" (")[0]}): the call is refused`
      : "the spec has no such path: the call fails with 404 and does nothing";
  return {
    impact: "breaks",
    consequence: `The page names ${method === "ANY" ? path : `${method} ${path}`}; ${how}.${hint}`,
  };
}

function withMissing(evidence: string[], missing: ReturnType<typeof targetsOf>["missing"]): string[] {
  return missing ? [...evidence, `strict: ${describeFinding(missing)}`] : evidence;
}

function everywhereDeclaring(description: OpenApiDocument, place: "header" | "query", name: string): SpecOperation[] {
  return targetsOf(description, "ANY *").operations.filter((op) => declares(description, op, place, name));
}

function keys(ops: SpecOperation[]): string {
  const shown = ops.slice(0, 4).map((op) => op.key);
  return ops.length > 4 ? `${shown.join(", ")} and ${ops.length - 4} more` : shown.join(", ");
}
