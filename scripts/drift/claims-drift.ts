import type { CaseResult, Verdict } from "../contract/suite.ts";

export type Seen = Verdict | "absent";

/** One claim whose verdict is not the same against the spec before and after a sync. */
export interface Drift {
  id: string;
  group: string;
  name: string;
  before: Seen;
  after: Seen;
  /** What the claim observed against the new spec. */
  evidence: string[];
  consequence?: string;
}

/** Every claim whose verdict differs between the two runs, including claims only one run has. */
export function claimsDrift(before: CaseResult[], after: CaseResult[]): Drift[] {
  const old = new Map(before.map((result) => [result.id, result]));
  const next = new Map(after.map((result) => [result.id, result]));
  const drifts: Drift[] = [];
  for (const id of new Set([...old.keys(), ...next.keys()])) {
    const a = old.get(id);
    const b = next.get(id);
    const was: Seen = a?.verdict ?? "absent";
    const is: Seen = b?.verdict ?? "absent";
    if (was === is) continue;
    const shown = (b ?? a)!;
    drifts.push({
      id,
      group: shown.group,
      name: shown.name,
      before: was,
      after: is,
      evidence: b?.evidence ?? [],
      consequence: b?.consequence,
    });
  }
  return drifts.sort((x, y) => x.group.localeCompare(y.group) || x.id.localeCompare(y.id));
}

/** The drift section of the change report. */
export function renderDrift(drifts: Drift[], note?: string): string {
  const lines = ["## Claims whose verdict moved", ""];
  if (note) lines.push(note, "");
  if (drifts.length === 0) return [...lines, "No documented claim changed its verdict.", ""].join("\n");
  lines.push(
    `${drifts.length} claim(s) changed verdict between the spec before and after this sync.`,
    "",
    "| Claim | Page | Before | After | Evidence after |",
    "|---|---|---|---|---|",
  );
  for (const drift of drifts) {
    const evidence = [drift.consequence, ...drift.evidence].filter(Boolean).join("; ");
    lines.push(
      `| ${cell(`${drift.id}: ${drift.name}`)} | ${cell(drift.group)} | ${drift.before} | **${drift.after}** | ${cell(evidence || "—")} |`,
    );
  }
  return [...lines, ""].join("\n");
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
