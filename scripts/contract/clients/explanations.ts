import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { loadYaml } from "../../spec/load-yaml.ts";
import { SpecError } from "../../spec/spec-error.ts";
import type { ClientFinding } from "./judge.ts";

/**
 * Who is wrong, as data (explanations.yaml): every disagreement between an official SDK's request and
 * the spec is matched to one explanation that says who is wrong, what a caller of that method sees
 * against a server that follows the spec, and where the evidence is (docs pages and SDK source, each
 * at a commit and a line). A finding no explanation matches fails the run; so does an explanation that
 * no request needs any more.
 */

export const EXPLANATIONS_FILE = fileURLToPath(new URL("./explanations.yaml", import.meta.url));

/**
 * - `sdk`: the SDK lags behind the docs (a path, method or placement the docs used once and moved
 *   away from), or sends what the docs contradict.
 * - `sdk-only`: the SDK sends something no docs revision shows: the spec is kept, the gap reported.
 * - `spec`: the docs and the SDKs agree and the spec was silent; fixed by an issue-9 correction in
 *   spec/corrections.overlay.yaml, so the requests now hold.
 */
export type Who = "sdk" | "sdk-only" | "spec";
export type Impact = "breaks" | "ignored" | "harmless";

export interface Match {
  kind: ClientFinding["kind"];
  /** `GET /v2/dlq`: the operation's template, or for an unroutable request its method and path. */
  operation?: string;
  /** Parameter, header or field name; `*` matches any run of characters; case does not matter here. */
  name?: string;
  /** SDKs the match is limited to. */
  sdks?: string[];
}

/** A repository at a commit, or (for what no stored commit has) an installed package by its integrity. */
export interface Source {
  repository?: string;
  commit?: string;
  /** `@upstash/qstash@2.12.0`: the package the suite runs, when not built from exactly this commit. */
  package?: string;
  integrity?: string;
  /** The SDK the source belongs to (as the suite names it); docs sources have none. */
  sdk?: string;
}

export interface Evidence {
  /** A key of `sources`. */
  source: string;
  /** Another commit of the same repository (a page as it read before a change). */
  commit?: string;
  file: string;
  line: number;
  /** A short fact that stands on that line (a path, a name): checked against the source. */
  shows: string;
  /** What the line tells, in our words. */
  says: string;
}

export interface Explanation {
  id: string;
  who: Who;
  impact: Impact;
  summary: string;
  consequence: string;
  evidence: string[];
  /** Findings this explanation accounts for (`sdk`, `sdk-only`). */
  match?: Match[];
  /** The names an issue-9 correction declared (`spec`): requests that send them now hold. */
  declares?: { operation: string; in: "query" | "header"; name: string }[];
}

export interface ExplanationCatalog {
  sources: Record<string, Source>;
  evidence: Record<string, Evidence>;
  explanations: Explanation[];
}

const SCHEMA = {
  type: "object",
  required: ["sources", "evidence", "explanations"],
  additionalProperties: false,
  properties: {
    sources: {
      type: "object",
      additionalProperties: {
        type: "object",
        oneOf: [
          { required: ["repository", "commit"] },
          { required: ["package", "integrity"], not: { required: ["repository"] } },
        ],
        additionalProperties: false,
        properties: {
          repository: { type: "string" },
          commit: { type: "string", pattern: "^[0-9a-f]{40}$" },
          package: { type: "string" },
          integrity: { type: "string", pattern: "^sha512-" },
          sdk: { type: "string" },
        },
      },
    },
    evidence: {
      type: "object",
      additionalProperties: {
        type: "object",
        required: ["source", "file", "line", "shows", "says"],
        additionalProperties: false,
        properties: {
          source: { type: "string" },
          commit: { type: "string", pattern: "^[0-9a-f]{40}$" },
          file: { type: "string" },
          line: { type: "integer", minimum: 1 },
          shows: { type: "string", minLength: 1 },
          says: { type: "string", minLength: 10 },
        },
      },
    },
    explanations: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "who", "impact", "summary", "consequence", "evidence"],
        additionalProperties: false,
        properties: {
          id: { type: "string", pattern: "^[a-z0-9-]+$" },
          who: { enum: ["sdk", "sdk-only", "spec"] },
          impact: { enum: ["breaks", "ignored", "harmless"] },
          summary: { type: "string", minLength: 20 },
          consequence: { type: "string", minLength: 20 },
          evidence: { type: "array", minItems: 1, items: { type: "string" } },
          match: {
            type: "array",
            minItems: 1,
            items: {
              type: "object",
              required: ["kind"],
              additionalProperties: false,
              properties: {
                kind: { type: "string" },
                operation: { type: "string" },
                name: { type: "string" },
                sdks: { type: "array", items: { type: "string" } },
              },
            },
          },
          declares: {
            type: "array",
            minItems: 1,
            items: {
              type: "object",
              required: ["operation", "in", "name"],
              additionalProperties: false,
              properties: {
                operation: { type: "string" },
                in: { enum: ["query", "header"] },
                name: { type: "string" },
              },
            },
          },
        },
      },
    },
  },
} as const;

export function loadExplanations(file = EXPLANATIONS_FILE): ExplanationCatalog {
  const source = loadYaml(file);
  const validate = new Ajv2020({ allErrors: false, strict: false }).compile(SCHEMA);
  if (!validate(source.value)) {
    const error = validate.errors![0];
    const place = source.locate(error.instancePath);
    const problem = `${error.instancePath || "the file"} ${error.message}`;
    throw new SpecError(source.file, place, problem, "follow the shape described in explanations.ts");
  }
  const catalog = source.value as ExplanationCatalog;
  const ids = new Set<string>();
  catalog.explanations.forEach((explanation, index) => {
    const where = source.locate(`/explanations/${index}`);
    if (ids.has(explanation.id))
      throw new SpecError(source.file, where, `explanation id ${explanation.id} is used twice`, "give it a new id");
    ids.add(explanation.id);
    for (const key of explanation.evidence) {
      if (catalog.evidence[key]) continue;
      const problem = `${explanation.id} cites evidence \`${key}\`, which is not defined`;
      throw new SpecError(source.file, where, problem, "add it under `evidence:` or fix the key");
    }
    const shaped =
      explanation.who === "spec"
        ? explanation.declares && !explanation.match
        : explanation.match && !explanation.declares;
    const needs = explanation.who === "spec" ? "`declares` (and no `match`)" : "`match` (and no `declares`)";
    const problem = `${explanation.id}: who: ${explanation.who} needs ${needs}`;
    if (!shaped) throw new SpecError(source.file, where, problem, "see the kinds of explanation in explanations.ts");
  });
  for (const [key, evidence] of Object.entries(catalog.evidence)) {
    if (catalog.sources[evidence.source]) continue;
    const problem = `evidence ${key} names source \`${evidence.source}\`, which is not defined`;
    throw new SpecError(source.file, source.locate(`/evidence/${key}`), problem, "add it under `sources:`");
  }
  return catalog;
}

/** The explanation that accounts for a finding of an SDK's request, if any. */
export function explain(catalog: ExplanationCatalog, sdk: string, finding: ClientFinding): Explanation | undefined {
  return catalog.explanations.find((explanation) => explanation.match?.some((match) => matches(match, sdk, finding)));
}

function matches(match: Match, sdk: string, finding: ClientFinding): boolean {
  if (match.kind !== finding.kind) return false;
  if (match.sdks && !match.sdks.includes(sdk)) return false;
  if (match.operation && !glob(match.operation, finding.operation, "")) return false;
  return !match.name || (finding.name !== undefined && glob(match.name, finding.name, "i"));
}

/** Paths are matched case and all; header names in any case. */
function glob(pattern: string, value: string, flags: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, flags).test(value);
}

/** The address of a piece of evidence: `upstash/docs@ef0ce438 qstash/openapi.yaml:2918`. */
export function citation(catalog: ExplanationCatalog, key: string): string {
  const evidence = catalog.evidence[key];
  const source = catalog.sources[evidence.source];
  const where = source.repository
    ? `${source.repository}@${(evidence.commit ?? source.commit!).slice(0, 8)}`
    : `npm ${source.package}`;
  return `${where} ${evidence.file}:${evidence.line}`;
}

/** Evidence that bears on one SDK's call: the docs, and that SDK's own source (not the other SDKs'). */
export function evidenceFor(catalog: ExplanationCatalog, explanation: Explanation, sdk: string): string[] {
  return explanation.evidence.filter((key) => {
    const owner = catalog.sources[catalog.evidence[key].source].sdk;
    return owner === undefined || owner === sdk;
  });
}
