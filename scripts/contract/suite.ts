import type { Progress } from "../lib/progress.ts";
import type { OpenApiDocument } from "../spec/build.ts";

/** What one check concluded about a documented claim. */
export type Verdict = "holds" | "contradicted" | "unverifiable";

/** One executed case: a claim, an operation probe, a live request. Reports consume these. */
export interface CaseResult {
  /** Unique within its suite. */
  id: string;
  /** What the report groups by: a documentation page, an operationId. */
  group: string;
  /** One line saying what was checked. */
  name: string;
  /** Did the observation match what we expected? false fails the run. */
  ok: boolean;
  verdict?: Verdict;
  expected?: Verdict;
  /** Observed facts: statuses, Prism's validation messages, schema errors. Never a token. */
  evidence: string[];
  /** What a caller who follows the page would cause (for contradicted claims). */
  consequence?: string;
  durationMs: number;
}

export interface SuiteOutcome {
  suite: string;
  cases: CaseResult[];
  /** A section of reports/conformance.md. */
  markdown: string;
  /** A compact table printed by `npm run verify`. */
  summary: string;
  /** Extra machine-readable data for reports/conformance.json (coverage, seeds, …). */
  data?: unknown;
}

export interface SuiteContext {
  /** Where requests go: a Prism mock, or a Prism proxy in front of a live server. */
  baseUrl: string;
  token: string;
  mode: "mock" | "live";
  /** Live only: the run may send calls that change state (`--allow-writes`). */
  allowWrites?: boolean;
  /** The corrected description (generated/qstash.openapi.json). */
  description: OpenApiDocument;
  /** Where a suite of many cases says how far it got (verify's step line on a terminal). */
  progress?: Progress;
}

export type Suite = (context: SuiteContext) => Promise<SuiteOutcome>;
