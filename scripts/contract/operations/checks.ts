import type { SchemaValidator } from "./schema-validator.ts";

/** What one request observed, as the generated client (openapi-fetch) reports it. */
export interface Observation {
  status: number;
  ok: boolean;
  data: unknown;
  error: unknown;
  /** Prism's validation findings: the sl-violations header, or the problem document's list. */
  violations: Violation[];
}

export interface Violation {
  location: string[];
  code: string | number;
  message: string;
  /** Prism marks deprecated parameters as Warning: the request is still valid. */
  severity?: string;
}

// One check is one function named for the property it asserts; each returns the problems it
// found, [] when the property holds. Runners and reports call the same functions.

export function statusConformance(observed: Observation, documented: number): string[] {
  return observed.status === documented ? [] : [`Received: status ${observed.status} / Documented: ${documented}`];
}

/** Prism reports its own mock answers that break the spec only in sl-violations: any is a failure. */
export function noResponseViolations(observed: Observation): string[] {
  return observed.violations
    .filter((v) => v.location[0] === "response")
    .map((v) => `Prism's mock answer breaks the spec: ${describe(v)}`);
}

export function noRequestViolations(observed: Observation): string[] {
  return observed.violations
    .filter((v) => v.location[0] !== "response" && v.severity !== "Warning")
    .map((v) => `request refused: ${describe(v)}`);
}

/** The body is checked with our 2020-12 validator, not Prism's draft-07 one. */
export function responseSchemaConformance(validator: SchemaValidator, pointer: string | null, body: unknown): string[] {
  if (pointer === null) return [];
  return validator.validate(pointer, body).map((e) => `response body ${e} (schema #${pointer})`);
}

/** A negative request must be refused for the documented reason, at the documented place. */
export function negativeDataRejection(
  observed: Observation,
  expected: { codes: string[]; location: string[] },
): string[] {
  const hit = observed.violations.some(
    (v) =>
      v.location[0] !== "response" &&
      expected.codes.includes(String(v.code)) &&
      startsWith(requestLocation(v), expected.location),
  );
  if (hit) return [];
  const seen = observed.violations.map(describe).join("; ") || "none";
  return [
    `Received: violations ${seen} / Documented: ${expected.codes.join(" or ")} at ${["request", ...expected.location].join(".")}`,
  ];
}

/** A documented error status reaches the caller as openapi-fetch's `error`, shaped by the spec's error schema. */
export function typedClientError(validator: SchemaValidator, pointer: string | null, observed: Observation): string[] {
  const problems: string[] = [];
  if (observed.ok) problems.push(`response.ok is true for status ${observed.status}`);
  if (observed.data !== undefined) problems.push("the client returned data for an error status");
  if (pointer !== null) {
    if (observed.error === undefined)
      problems.push("the client left `error` unset although the status documents a body");
    else
      problems.push(...validator.validate(pointer, observed.error).map((e) => `error body ${e} (schema #${pointer})`));
  }
  return problems;
}

function requestLocation(v: Violation): string[] {
  const parts = v.location.map((p) => String(p).toLowerCase());
  return parts[0] === "request" ? parts.slice(1) : parts;
}

function startsWith(actual: string[], prefix: string[]): boolean {
  return prefix.every((part, i) => actual[i] === part.toLowerCase());
}

function describe(v: Violation): string {
  return `${v.code} at ${v.location.join(".")}: ${v.message}`;
}
