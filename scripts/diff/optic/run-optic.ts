/**
 * Optic's breaking-change verdict on two descriptions, computed in-process with the packages its
 * CLI runs (`optic diff <old> <new> --check --validation loose`, @useoptic/optic 1.0.9,
 * build/commands/diff/diff.js and compute.js): each file parsed and dereferenced by
 * openapi-io, validated loosely (our facts-only fixtures carry no descriptions, which strict
 * validation demands), denormalized, then diffed by openapi-utilities' compareSpecs with the
 * `breaking-changes` ruleset prepared as the CLI prepares it. A finding is a check that failed
 * with severity error and no exemption: what makes the CLI exit 1.
 *
 * The packages live in scripts/diff/optic/node_modules (its own locked install, see record.ts),
 * not in the project's: the CLI pulls ~211 MB and the engine ~83 MB that every `npm ci` would pay.
 */
import dns from "node:dns";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import { siteOfFinding, type OpticFinding } from "./agreement.ts";

export const OPTIC_DIR = "scripts/diff/optic";
const PINNED = JSON.parse(readFileSync(`${OPTIC_DIR}/package.json`, "utf8")).dependencies;
/** The Optic release the peer runs: the version scripts/diff/optic/package.json pins. */
export const OPTIC_VERSION: string = PINNED["@useoptic/standard-rulesets"];

/** Is the pinned engine installed in scripts/diff/optic/node_modules? */
export function opticInstalled(): boolean {
  const manifest = `${OPTIC_DIR}/node_modules/@useoptic/standard-rulesets/package.json`;
  return existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).version === OPTIC_VERSION;
}

/**
 * Refuses every connection and name lookup in this process from now on. The engine packages
 * hold no telemetry: Sentry, Segment (both off with OPTIC_TELEMETRY_LEVEL=off) and the update
 * check (update-notifier, off with NO_UPDATE_NOTIFIER) live in the CLI package, which is not
 * installed; @scarf/scarf's install-time ping never runs under --ignore-scripts. This makes any
 * attempt to reach the network fail loudly all the same.
 */
export function forbidNetwork(): void {
  const refuse = () => {
    throw new Error("the Optic run must not touch the network");
  };
  net.Socket.prototype.connect = refuse as never;
  dns.lookup = refuse as never;
  globalThis.fetch = refuse as never;
  process.env.OPTIC_TELEMETRY_LEVEL = "off";
  process.env.NO_UPDATE_NOTIFIER = "1";
}

export interface OpticEngine {
  /** Optic's failed breaking-change checks for old → new. */
  breakingFindings(oldFile: string, newFile: string): Promise<OpticFinding[]>;
}

export async function loadOpticEngine(root = process.cwd()): Promise<OpticEngine> {
  const load = createRequire(`${root}/${OPTIC_DIR}/package.json`);
  const io = load("@useoptic/openapi-io");
  const { compareSpecs, Severity } = load("@useoptic/openapi-utilities");
  const { prepareRulesets, RuleRunner } = load("@useoptic/rulesets-base");
  const { StandardRulesets } = load("@useoptic/standard-rulesets");
  const parse = async (file: string) => {
    const parsed = await io.parseOpenAPIWithSourcemap(file, { externalRefHeaders: [] });
    const version = io.checkOpenAPIVersion(parsed.jsonLike);
    const spec = { ...parsed, version, from: "file", isEmptySpec: false, context: null };
    io.validateOpenApiV3Document(spec.jsonLike, spec.sourcemap, { strictOpenAPI: false });
    return io.denormalize(spec, version, []);
  };
  const ruleset = [{ name: "breaking-changes", config: {} }];
  return {
    async breakingFindings(oldFile, newFile) {
      const [from, to] = await Promise.all([parse(oldFile), parse(newFile)]);
      const setup = { ruleset, localRulesets: {}, standardRulesets: StandardRulesets, hostedRulesets: {} };
      const { rulesets } = await prepareRulesets(setup, { client: null, specVersion: from.version });
      const { results } = await compareSpecs(from, to, new RuleRunner(rulesets), {});
      const failed = results.filter((r: any) => !r.passed && !r.exempted && r.severity === Severity.Error);
      return failed.map((result: any): OpticFinding => {
        const { jsonPath } = result.location;
        const { operation, site } = siteOfFinding(jsonPath, result.where);
        return { operation, site, rule: result.name, jsonPath, where: result.where, message: result.error };
      });
    },
  };
}
