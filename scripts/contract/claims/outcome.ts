import type { Verdict } from "../suite.ts";

/** How much a contradiction hurts a caller who follows the page. */
export type Impact = "breaks" | "misleads" | "harmless";

/** One way the page and the spec disagree, with what it does to a caller. */
export interface Finding {
  impact: Impact;
  consequence: string;
}

export interface CheckOutcome {
  verdict: Verdict;
  evidence: string[];
  consequence?: string;
  impact?: Impact;
}

const RANK: Record<Impact, number> = { breaks: 3, misleads: 2, harmless: 1 };

/** No finding: the claim holds. Otherwise contradicted, with the worst impact first. */
export function conclude(findings: Finding[], evidence: string[], note?: string): CheckOutcome {
  if (findings.length === 0) return { verdict: "holds", evidence, ...(note ? { consequence: note } : {}) };
  const sorted = [...findings].sort((a, b) => RANK[b.impact] - RANK[a.impact]);
  const consequence = [...new Set(sorted.map((f) => f.consequence))].join(" ");
  return { verdict: "contradicted", evidence, impact: sorted[0].impact, consequence };
}

export function unverifiable(reason: string, evidence: string[]): CheckOutcome {
  return { verdict: "unverifiable", evidence: [`reason: ${reason}`, ...evidence] };
}
