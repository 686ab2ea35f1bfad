import type { Verdict } from "../suite.ts";
import type { DocsResult } from "./judge.ts";
import type { MinedCatalog } from "./mined-catalog.ts";

/**
 * Where in the docs a mined claim comes from: a request example (with its shell mistakes), a field of
 * an API reference page, a sentence, a limit stated in words, or an SDK example snippet (its compile
 * verdict and the requests it sends). The docs table counts claims, verdicts and left-outs per source.
 */
export const SOURCES = [
  { name: "request examples", kinds: ["example", "shell"] },
  { name: "API fields", kinds: ["parameter", "body", "response", "response-example", "status", "server", "security"] },
  { name: "prose", kinds: ["prose"] },
  { name: "limits in words", kinds: ["limit"] },
  { name: "SDK examples", kinds: ["sdk-snippet", "sdk-request"] },
] as const;

export type SourceName = (typeof SOURCES)[number]["name"];

export function sourceOf(kind: string): SourceName {
  return SOURCES.find((source) => (source.kinds as readonly string[]).includes(kind))?.name ?? "API fields";
}

export interface SourceCounts {
  source: SourceName;
  claims: number;
  verdicts: Record<Verdict, number>;
  leftOut: number;
}

/** What each source left out: examples, fields, sentences (limits apart) and snippets, from the manifest. */
function leftOutOf(catalog: MinedCatalog, source: SourceName): number {
  const limit = (reason: string) => reason.startsWith("limit-");
  if (source === "request examples") return catalog.leftOut.length;
  if (source === "API fields") return catalog.fieldsSkipped.length;
  if (source === "prose") return catalog.sentencesLeftOut.filter((l) => !limit(l.reason)).length;
  if (source === "limits in words") return catalog.sentencesLeftOut.filter((l) => limit(l.reason)).length;
  return catalog.snippetsLeftOut.length;
}

export function sourceCounts(catalog: MinedCatalog, results: DocsResult[]): SourceCounts[] {
  const mine = results.filter((r) => r.catalog === catalog.name);
  return SOURCES.map(({ name }) => {
    const rows = mine.filter((r) => sourceOf(r.claim.kind) === name);
    const count = (v: Verdict) => rows.filter((r) => r.verdict === v).length;
    return {
      source: name,
      claims: rows.length,
      verdicts: { holds: count("holds"), contradicted: count("contradicted"), unverifiable: count("unverifiable") },
      leftOut: leftOutOf(catalog, name),
    };
  });
}

/** Every SDK example snippet that does not compile (or whose calls do not fit the SDK), with page and line. */
export function snippetsNotCompiling(catalog: MinedCatalog, results: DocsResult[]): DocsResult[] {
  return results.filter(
    (r) => r.catalog === catalog.name && r.claim.kind === ("sdk-snippet" as string) && r.verdict === "contradicted",
  );
}
