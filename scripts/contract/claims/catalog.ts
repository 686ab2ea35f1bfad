import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { loadYaml } from "../../spec/load-yaml.ts";
import { SpecError } from "../../spec/spec-error.ts";
import type { Verdict } from "../suite.ts";
import { catalogSchema } from "./catalog-schema.ts";

export const CLAIMS_DIR = "spec/claims";

export interface Page {
  key: string;
  title: string;
  url: string | null;
  seed: string;
  era: "older" | "middle" | "current";
  /** The docs commit a mined page was read at. */
  commit?: string;
  file: string;
}

export interface ClaimRequest {
  query?: Record<string, unknown>;
  rawQuery?: string;
  path?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One checkable statement of one page (see ../shared/DESIGN.md, "A claim"). */
export interface Claim {
  id: string;
  kind:
    | "parameter"
    | "body"
    | "response"
    | "response-example"
    | "status"
    | "example"
    | "server"
    | "security"
    | "semantics"
    | "wire-form";
  operation: string;
  statement: string;
  verdict: Verdict;
  page: Page;
  request?: ClaimRequest;
  /** What the caller means to target with a bulk call: named ids or a filter. */
  intent?: "ids" | "filter";
  sample?: unknown;
  parameter?: {
    name: string;
    in: "query" | "path" | "header" | "body";
    type: string;
    required?: boolean;
    deprecated?: boolean;
    minimum?: number;
    maximum?: number;
    default?: unknown;
  };
  body?: { field?: string; type?: string; required?: boolean; none?: true };
  response?: { status: number; field?: string; type?: string; empty?: true; body?: unknown };
  status?: number;
  example?: { language: string; method: string; url: string; headers: Record<string, string>; body?: string };
  expect?: { status: number };
  server?: string;
  security?: { in: "header" | "query"; name: string };
  reason?: string;
  /** How a value travels on the wire: what the client and the SDK send, and where the evidence is. */
  wire?: { destination: string; target: string; sources: WireSource[] };
}

/** One place a fact was read: a repository at a commit, a file and line; `fixture` holds it offline. */
export interface WireSource {
  repository: string;
  commit: string;
  file: string;
  line: number;
  fact: string;
  fixture?: string;
}

const validateCatalog = new Ajv2020({ allErrors: false, strict: false }).compile(catalogSchema);

/**
 * Loads every catalog file, checking its shape; a bad file fails with its name, the place and the fix.
 * Mined catalogs pass their own schema (scripts/contract/docs/mined-schema.ts).
 */
export function loadClaims(dir = CLAIMS_DIR, validate: ValidateFunction = validateCatalog): Claim[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".yaml"))
    .sort();
  const seen = new Map<string, string>();
  const claims: Claim[] = [];
  for (const name of files) {
    const source = loadYaml(join(dir, name));
    if (!validate(source.value)) {
      const error = validate.errors![0];
      throw new SpecError(
        source.file,
        source.locate(error.instancePath),
        `claim catalog ${error.instancePath || "(top)"} ${error.message}`,
        `see scripts/contract/claims/catalog-schema.ts for the shape of a ${kindAt(source.value, error.instancePath) ?? "claim"}`,
      );
    }
    const { page, claims: entries } = source.value as { page: Omit<Page, "file">; claims: Omit<Claim, "page">[] };
    entries.forEach((entry, index) => {
      const other = seen.get(entry.id);
      if (other)
        throw new SpecError(
          source.file,
          source.locate(`/claims/${index}/id`),
          `claim id ${entry.id} is also used in ${other}`,
          "give each claim a unique id",
        );
      if (!entry.id.startsWith(`${page.key}/`))
        throw new SpecError(
          source.file,
          source.locate(`/claims/${index}/id`),
          `claim id ${entry.id} does not start with the page key ${page.key}/`,
          `rename it ${page.key}/…`,
        );
      seen.set(entry.id, source.file);
      claims.push({ ...entry, page: { ...page, file: source.file } } as Claim);
    });
  }
  return claims;
}

function kindAt(value: unknown, pointer: string): string | undefined {
  const match = /^\/claims\/(\d+)/.exec(pointer);
  return match ? (value as any)?.claims?.[Number(match[1])]?.kind : undefined;
}
