import type { OpenApiDocument } from "../../spec/build.ts";
import { findOperation, type SpecOperation } from "../claims/spec-lookup.ts";
import { strictCheck, type StrictFinding } from "../strict-check.ts";

/**
 * Where a claim made in words points in the spec. A sentence may name a call exactly (`POST
 * /v2/publish/https://example.com`), a path without its method (`ANY /v2/dlq`), or nothing at all
 * (`ANY *`, every operation). Names are looked up with the strict request check, so that a header
 * family, a query token and a destination in the path count exactly as they do for a request.
 */

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export interface Targets {
  /** The operations the claim is about (empty when the page names a call the spec lacks). */
  operations: SpecOperation[];
  /** For a named call the spec lacks: the strict check's finding (no route, method not allowed). */
  missing?: StrictFinding;
  /** For a path named without a method that only prefixes operations (`/v2/publish`): their templates. */
  family?: string[];
}

export function targetsOf(description: OpenApiDocument, operation: string): Targets {
  const [method, path] = operation.split(" ");
  if (path === "*") return { operations: allOperations(description) };
  const methods = method === "ANY" ? METHODS : [method];
  const routed = methods
    .map((m) => strictCheck(description, { method: m, path, query: [], headers: {} }))
    .filter((verdict) => verdict.operation)
    .map((verdict) => findOperation(description, verdict.operation!)!);
  if (routed.length) return { operations: routed };
  const family = method === "ANY" ? prefixedTemplates(description, path) : [];
  if (family.length) return { operations: [], family };
  const missing = strictCheck(description, { method: methods[0], path, query: [], headers: {} }).findings[0];
  return { operations: [], missing };
}

/** Does the operation read this header (or one of the family, `Upstash-Forward-*`) or query parameter? */
export function declares(
  description: OpenApiDocument,
  op: SpecOperation,
  place: "header" | "query",
  name: string,
): boolean {
  const sent = name.endsWith("-*") ? `${name.slice(0, -1)}Sample` : name;
  const request =
    place === "header"
      ? { method: op.method, path: samplePath(op.path), query: [], headers: { [sent]: "x" } }
      : { method: op.method, path: samplePath(op.path), query: [[sent, "x"]] as [string, string][], headers: {} };
  const { findings } = strictCheck(description, request);
  return !findings.some((f) => f.kind === "undeclared-header" || f.kind === "undeclared-query");
}

/** The parameter's schema on the operation, by place and name (headers without regard to case). */
export function parameterSchema(
  op: SpecOperation,
  place: "header" | "query",
  name: string,
): Record<string, any> | undefined {
  const same = (p: string) => (place === "header" ? p.toLowerCase() === name.toLowerCase() : p === name);
  return op.parameters.find((p) => p.in === place && same(p.name))?.schema;
}

/** Templates a path without its last segments stands for: `/v2/publish` → `/v2/publish/{destination}`. */
export function prefixedTemplates(description: OpenApiDocument, path: string): string[] {
  const stem = path.replace(/\/+$/, "");
  return Object.keys(description.paths ?? {}).filter(
    (template) =>
      template.startsWith(`${stem}/`) &&
      template
        .slice(stem.length + 1)
        .split("/")
        .every((segment) => /^\{[^}]+\}$/.test(segment)),
  );
}

/**
 * Templates that share all but their last segment with the path and begin that segment alike
 * (`resetRate` for `reset`): what a reader may have meant.
 */
export function neighbours(description: OpenApiDocument, path: string): string[] {
  const parts = path.replace(/\/+$/, "").split("/");
  const stem = parts.slice(0, -1);
  const last = parts.at(-1)!.toLowerCase();
  return Object.keys(description.paths ?? {}).filter((template) => {
    const segments = template.split("/");
    const lastOfTemplate = segments.at(-1)!.toLowerCase();
    const alike = last.length >= 3 && (lastOfTemplate.startsWith(last.slice(0, 4)) || last.startsWith(lastOfTemplate));
    return (
      alike &&
      segments.length === stem.length + 1 &&
      stem.every((segment, i) => segments[i] === segment || /^\{[^}]+\}$/.test(segments[i]))
    );
  });
}

function allOperations(description: OpenApiDocument): SpecOperation[] {
  return Object.entries<Record<string, unknown>>(description.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item?.[m.toLowerCase()]).map((m) => findOperation(description, `${m} ${path}`)!),
  );
}

function samplePath(template: string): string {
  return template.replace(/\{[^}]+\}/g, "sample");
}
