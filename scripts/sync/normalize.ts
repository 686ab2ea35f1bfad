import { readFileSync } from "node:fs";
import { METHODS } from "../diff/operations.ts";
import { canonicalDocument, canonicalSpecText, leadingComments } from "../spec/canonical.ts";
import { loadYaml } from "../spec/load-yaml.ts";
import { SPEC_FILE } from "../spec/build.ts";
import { carryOver } from "./carry-over.ts";
import { foldTemplates } from "./fold-templates.ts";
import type { PublishedFile } from "./load-published.ts";
import { mergeSources, type MergeDecision, type SourcePart } from "./merge-sources.ts";
import { SOURCE_NAMES } from "./sources.ts";
import { specHalf } from "./spec-half.ts";
import { stripProse } from "./strip-prose.ts";

/**
 * The published files as our spec text: prose stripped, merged by the rules of merge-sources.ts
 * (a one-file sync merges the file with the other file's half of our spec), route faults folded,
 * our words and annotations carried over, written in the canonical layout.
 */
export function normalize(
  loaded: PublishedFile[],
  specFile: string,
): { text: string; value: unknown; invented: string[]; decisions: MergeDecision[] } {
  const current = readFileSync(specFile, "utf8");
  const ours = loadYaml(specFile, current).value as Record<string, any>;
  const summaries = new Map<string, string>();
  for (const { document } of loaded) {
    for (const [path, item] of Object.entries<any>(document.paths ?? {})) {
      for (const method of METHODS)
        if (typeof item?.[method]?.summary === "string") summaries.set(`${method} ${path}`, item[method].summary);
    }
  }
  const parts: SourcePart[] = loaded.map(({ name, label, document }) => ({
    name,
    label,
    document: stripProse(document),
  }));
  const decisions: MergeDecision[] = [];
  for (const name of SOURCE_NAMES.filter((n) => !loaded.some((l) => l.name === n))) {
    const half = specHalf(ours, name, `${SPEC_FILE} (its ${name} operations)`);
    const count = Object.values<any>(half.document.paths).reduce(
      (n, item) => n + METHODS.filter((m) => item[m]).length,
      0,
    );
    decisions.push({
      rule: "kept-from-spec",
      subject: `the ${name} file`,
      detail: `not given: its ${count} operation(s) and their components are kept from ${SPEC_FILE}`,
    });
    parts.push(half);
  }
  const merged = mergeSources(parts);
  decisions.push(...merged.decisions, ...foldTemplates(merged.document, loaded.map((l) => l.label).join(" + ")));
  const invented = carryOver(merged.document, ours, summaries);
  // The value the canonical text stands for, so that the build need not parse the text again.
  const value = canonicalDocument(merged.document);
  return { text: canonicalSpecText(value, leadingComments(current)), value, invented, decisions };
}
