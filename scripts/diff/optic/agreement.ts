/**
 * Our breaking verdict beside Optic's, on the published history of the QStash and Workflow
 * descriptions. Both sides are brought to the same unit, a site: one operation and one place in
 * it (a parameter, the request body, one response status, the operation itself). Optic reports
 * each finding at a JSON path; we report each change at a location; a site is breaking for a
 * side when at least one of its findings or compile-breaking changes lands there.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HISTORY_DIR, type PublishedState } from "../../fixtures/published-history.ts";
import { PUBLISHED_FILES as SOURCES, type SourceName } from "../../sync/sources.ts";
import type { Change } from "../change.ts";

/** Where `npm run diff:optic` records Optic's verdicts, for the peer test to replay. */
export const RECORD_FILE = "tests/fixtures/diff/optic-verdicts.json";

/** Two successive published revisions of one file, as paths below the history directory. */
export interface HistoryPair {
  old: string;
  new: string;
}

/** Every pair of successive revisions of each file, in publishing order. */
export function historyPairs(historyDir = HISTORY_DIR): HistoryPair[] {
  const index = JSON.parse(readFileSync(join(historyDir, "index.json"), "utf8")) as { states: PublishedState[] };
  const pairs: HistoryPair[] = [];
  for (const source of Object.keys(SOURCES) as SourceName[]) {
    const revisions = [...new Set(index.states.map((state) => state[source]).filter((file) => file !== null))];
    for (let i = 1; i < revisions.length; i++) pairs.push({ old: revisions[i - 1]!, new: revisions[i]! });
  }
  return pairs;
}

export const sha256Of = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

/** One failed check of Optic's breaking-changes ruleset, placed on a site. */
export interface OpticFinding {
  operation: string;
  site: string;
  rule: string;
  /** Optic's JSON path and its own words for the place and the problem. */
  jsonPath: string;
  where: string;
  message: string;
}

/** Optic's verdict on one pair, with the hashes of the two files it judged. */
export interface RecordedPair extends HistoryPair {
  oldSha256: string;
  newSha256: string;
  findings: OpticFinding[];
}

export interface OpticRecord {
  tool: string;
  recordedWith: string;
  pairs: RecordedPair[];
}

/**
 * The site of one of our changes: `query parameter \`url\``, `request body`, `response 200`,
 * `operation` (path, operationId, security), or the location itself for servers.
 */
export function siteOfChange(change: Change): string {
  const parameter = /^\w+ parameter `[^`]*`/.exec(change.location);
  if (parameter) return parameter[0];
  const response = /^response \S+/.exec(change.location);
  if (response) return response[0];
  if (change.location.startsWith("request body")) return "request body";
  return change.operation === "*" ? change.location : "operation";
}

/**
 * The site of an Optic finding, from its JSON path and its `where` line. A parameter is named
 * from `where` (`DELETE /v2/messages query parameter: url`): the index in Optic's JSON path
 * counts in the old description's list even when the finding says `after` (seen on
 * 17adf0ab → c0687cd8, where parameters were inserted).
 */
export function siteOfFinding(jsonPath: string, where: string): { operation: string; site: string } {
  const parts = jsonPath
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (parts[0] !== "paths" || parts.length < 3) return { operation: "*", site: parts.join("/") };
  const [, path, method, area, key] = parts;
  const operation = `${method.toUpperCase()} ${path}`;
  if (area === "parameters") {
    const named = / (\w+) parameter: (\S+)$/.exec(where);
    return { operation, site: named ? `${named[1]} parameter \`${named[2]}\`` : `parameter #${key}` };
  }
  if (area === "requestBody") return { operation, site: "request body" };
  if (area === "responses") return { operation, site: `response ${key}` };
  return { operation, site: "operation" };
}

/** Both verdicts on one pair, site by site. */
export interface PairAgreement extends HistoryPair {
  /** Our compile-breaking changes and Optic's failed checks, as counted by each tool. */
  oursBreaking: number;
  opticFindings: number;
  oursSites: string[];
  opticSites: string[];
  agreed: string[];
  /** Sites only one side calls breaking, as `METHOD /path: site`. */
  onlyOurs: string[];
  onlyOptic: string[];
}

export function agreementOf(pair: RecordedPair, ours: Change[]): PairAgreement {
  const breaking = ours.filter((change) => change.breaking);
  const key = (operation: string, site: string) => `${operation}: ${site}`;
  const oursSites = [...new Set(breaking.map((change) => key(change.operation, siteOfChange(change))))].sort();
  const opticSites = [...new Set(pair.findings.map((finding) => key(finding.operation, finding.site)))].sort();
  return {
    old: pair.old,
    new: pair.new,
    oursBreaking: breaking.length,
    opticFindings: pair.findings.length,
    oursSites,
    opticSites,
    agreed: oursSites.filter((site) => opticSites.includes(site)),
    onlyOurs: oursSites.filter((site) => !opticSites.includes(site)),
    onlyOptic: opticSites.filter((site) => !oursSites.includes(site)),
  };
}

/** The agreement table as Markdown: one row per pair. */
export function renderAgreement(rows: PairAgreement[]): string {
  const lines = [
    "| pair | ours: breaking changes (sites) | Optic: findings (sites) | agreed sites | only ours | only Optic |",
    "|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    const pair = `${row.old} → ${row.new.split("/").pop()}`;
    const ours = `${row.oursBreaking} (${row.oursSites.length})`;
    const optic = `${row.opticFindings} (${row.opticSites.length})`;
    const cells = [pair, ours, optic, `${row.agreed.length}`, list(row.onlyOurs), list(row.onlyOptic)];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return `${lines.join("\n")}\n`;
}

const list = (sites: string[]) => (sites.length === 0 ? "0" : `${sites.length}: ${sites.join("; ")}`);
