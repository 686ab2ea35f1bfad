import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse, stringify } from "yaml";
import type { Verdict } from "../suite.ts";
import { loadClaims, type Claim } from "../claims/catalog.ts";
import { loadYaml } from "../../spec/load-yaml.ts";
import { SpecError } from "../../spec/spec-error.ts";
import { writeFilesAtomically } from "../../lib/write-atomic.ts";
import { validateMinedPage } from "./mined-schema.ts";

/** Where the committed mined catalogs live, one directory per docs source. */
export const MINED_DIR = "spec/mined";
const PAGES = "pages";
const MANIFEST = "manifest.yaml";
export const ACCEPTED = "accepted.yaml";

/** A mined claim: a catalog claim with its place on the page; `shell` claims (kind "shell") add the mistake. */
export interface MinedClaim extends Claim {
  source: { line: number; snippet?: string; snippetLine?: number };
  shell?: {
    mistake: "backslash-space" | "missing-continuation" | "unquoted-placeholder";
    line: number;
    detail: string;
  };
  /** What bash sends instead of the page's request ("nothing" when the command fails first). */
  actual?: "nothing" | { method: string; url: string; headers: Record<string, string>; body?: string };
  /** Kinds only mined catalogs have (see mined-checks.ts): what a sentence names, a limit stated in words, … */
  prose?: Record<string, unknown>;
  limit?: Record<string, unknown>;
  snippet?: Record<string, unknown>;
  sdk?: Record<string, unknown>;
  /** For a Python snippet's request: the names the SDK's captured request sets (values come from the spec). */
  capture?: Record<string, unknown>;
  /** For a request example on a page with an `api:` line: the operation the page documents. */
  documents?: string;
}

export interface LeftOutExample {
  path: string;
  line: number;
  language?: string;
  reason: string;
  detail: string;
}

export interface MinedCatalog {
  /** The directory's name: `current`, `retired-reference`. */
  name: string;
  dir: string;
  claims: MinedClaim[];
  /** The verdicts recorded by the last `--accept`, by claim id. */
  accepted: Map<string, Verdict>;
  commit: string;
  examplesFound: number;
  leftOut: LeftOutExample[];
  /** Fields, sentences and SDK snippets not turned into claims, with why (request examples are `leftOut`). */
  fieldsSkipped: LeftOutExample[];
  sentencesLeftOut: LeftOutExample[];
  snippetsLeftOut: LeftOutExample[];
  /** Pages read, sentences read and SDK snippets found (0 for a catalog mined before they were counted). */
  pagesRead: number;
  sentencesRead: number;
  snippetsFound: number;
}

/** Every catalog directory under spec/mined/ (those with a pages/ folder). */
export function minedCatalogDirs(root = MINED_DIR): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, PAGES)))
    .map((entry) => join(root, entry.name))
    .sort();
}

/** Loads one mined catalog: its pages (shape-checked), its manifest and its accepted verdicts. */
export function loadMinedCatalog(dir: string): MinedCatalog {
  const manifestFile = join(dir, MANIFEST);
  if (!existsSync(join(dir, PAGES)) || !existsSync(manifestFile)) {
    throw new SpecError(
      dir,
      "",
      "not a mined catalog (no pages/ or manifest.yaml)",
      "pass a directory written by `npm run mine`",
    );
  }
  const claims = loadClaims(join(dir, PAGES), validateMinedPage) as MinedClaim[];
  type Items = Omit<LeftOutExample, "path">[];
  const manifest = loadYaml(manifestFile).value as {
    source: { commit: string };
    totals: { examplesFound: number; pagesScanned?: number; sentencesRead?: number; snippetsFound?: number };
    notMined?: { path: string; leftOut?: Items; skipped?: Items; sentencesLeftOut?: Items; snippetsLeftOut?: Items }[];
  };
  const notMined = manifest.notMined ?? [];
  const listed = (key: "leftOut" | "skipped" | "sentencesLeftOut" | "snippetsLeftOut") =>
    notMined.flatMap((page) => (page[key] ?? []).map((item) => ({ path: page.path, ...item })));
  const accepted = readAccepted(dir);
  const known = new Set(claims.map((c) => c.id));
  const stale = [...accepted.keys()].filter((id) => !known.has(id));
  if (stale.length)
    throw new SpecError(
      join(dir, ACCEPTED),
      "",
      `${stale.length} accepted verdict(s) for claims the catalog no longer has (first: ${stale[0]})`,
      "run `npm run verify -- --docs <dir> --accept` to record the verdicts again",
    );
  return {
    name: basename(dir),
    dir,
    claims,
    accepted,
    commit: manifest.source.commit,
    examplesFound: manifest.totals.examplesFound,
    leftOut: listed("leftOut"),
    fieldsSkipped: listed("skipped"),
    sentencesLeftOut: listed("sentencesLeftOut"),
    snippetsLeftOut: listed("snippetsLeftOut"),
    pagesRead: manifest.totals.pagesScanned ?? 0,
    sentencesRead: manifest.totals.sentencesRead ?? 0,
    snippetsFound: manifest.totals.snippetsFound ?? 0,
  };
}

function readAccepted(dir: string): Map<string, Verdict> {
  const file = join(dir, ACCEPTED);
  if (!existsSync(file)) return new Map();
  const value = (parse(readFileSync(file, "utf8")) ?? {}) as { verdicts?: Record<string, Verdict> };
  const verdicts = value.verdicts ?? {};
  for (const [id, verdict] of Object.entries(verdicts)) {
    if (!["holds", "contradicted", "unverifiable"].includes(verdict))
      throw new SpecError(
        file,
        "",
        `claim ${id} has the verdict ${verdict}`,
        "use holds, contradicted or unverifiable, or accept again",
      );
  }
  return new Map(Object.entries(verdicts));
}

/**
 * The accept step: records the verdicts just observed as the ones to expect from now on. A later
 * run that observes another verdict fails: the drift alarm, as for the hand-written catalog.
 */
export function writeAccepted(dir: string, observed: Map<string, Verdict>, against: string): string {
  const verdicts = Object.fromEntries([...observed].sort(([a], [b]) => a.localeCompare(b)));
  const header = `# Verdicts accepted by \`npm run verify -- --docs ${dir} --accept\` against ${against}.\n# A run that observes another verdict fails; accept again once the change is understood.\n`;
  writeFilesAtomically(dir, { [ACCEPTED]: header + stringify({ verdicts }, { lineWidth: 0 }) });
  return join(dir, ACCEPTED);
}
