import type { SuiteOutcome } from "../contract/suite.ts";
import { writeFilesAtomically } from "../lib/write-atomic.ts";
import { conformanceHtml } from "./html.ts";
import { junitXml } from "./junit.ts";

export const REPORTS_DIR = "reports";

export interface RunInfo {
  mode: "mock" | "live";
  target: string;
  specVersion: string;
  startedAt: string;
  durationMs: number;
  /** Wall time of each suite, by name, as the runner measured it. */
  suiteWallMs?: Record<string, number>;
}

/** The consumers of a run: JSON for machines, Markdown and HTML for people, JUnit for CI. */
export function writeReports(outcomes: SuiteOutcome[], run: RunInfo, dir = REPORTS_DIR, secret?: string): string[] {
  const totals = Object.fromEntries(
    outcomes.map((o) => [o.suite, { cases: o.cases.length, unexpected: o.cases.filter((c) => !c.ok).length }]),
  );
  const json = {
    run,
    totals,
    suites: outcomes.map(({ suite, cases, data }) => ({ suite, cases: cases.map(({ ...c }) => stripClaim(c)), data })),
  };
  const markdown = [
    "# Conformance report",
    "",
    `Mode: ${run.mode} · target: ${run.target} · spec ${run.specVersion} · ${run.startedAt} · ${(run.durationMs / 1000).toFixed(1)} s`,
    "",
    ...outcomes.map((o) => o.markdown),
  ].join("\n");
  const files = {
    "conformance.json": `${JSON.stringify(json, null, 2)}\n`,
    "conformance.md": `${markdown}\n`,
    "conformance.junit.xml": junitXml(outcomes, run.suiteWallMs, run.startedAt),
    "conformance.html": conformanceHtml(json),
  };
  // A token must never reach a report, whatever a suite put in its text.
  const safe = secret
    ? Object.fromEntries(Object.entries(files).map(([name, text]) => [name, text.split(secret).join("<token>")]))
    : files;
  writeFilesAtomically(dir, safe);
  return Object.keys(files).map((name) => `${dir}/${name}`);
}

/** Cases may carry their source objects (a claim); the JSON keeps the claim's id and page only. */
function stripClaim(c: Record<string, any>) {
  const { claim, ...rest } = c;
  return claim
    ? { ...rest, kind: claim.kind, operation: claim.operation, page: claim.page.key, file: claim.page.file }
    : rest;
}
