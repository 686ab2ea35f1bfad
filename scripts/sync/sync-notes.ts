import type { MergeDecision } from "./merge-sources.ts";
import type { TestRun } from "./run-sync.ts";

const RULE_TITLE: Record<MergeDecision["rule"], string> = {
  "kept-from-spec": "Kept from our spec (one-file sync)",
  "same-in-both": "Published in both files, same facts: taken once",
  "differs-qstash-kept": "Published in both files, different facts: the QStash file's copy kept",
  "component-renamed": "Components of the same name with different facts: renamed",
  "component-left-out": "Components of the same name with different facts, not needed: left out",
  "component-unused": "Components no operation uses: left out",
  "template-folded": "Routes published twice under different parameter names: folded",
  "parameter-deduplicated": "Parameters listed twice: kept once",
};

/** The sync's own sections of the change report: merge decisions, claims drift, new operations, outcome. */
export function renderSyncNotes(notes: {
  drift: string;
  decisions: MergeDecision[];
  invented: string[];
  tests: TestRun | null;
  changed: boolean;
  applied: boolean;
}): string {
  const lines = ["## How the published files were merged", ""];
  if (notes.decisions.length === 0) lines.push("One file, nothing to decide.", "");
  for (const rule of Object.keys(RULE_TITLE) as MergeDecision["rule"][]) {
    const of = notes.decisions.filter((d) => d.rule === rule);
    if (of.length === 0) continue;
    lines.push(`${RULE_TITLE[rule]} (${of.length}):`, "", ...of.map((d) => `- \`${d.subject}\`: ${d.detail}`), "");
  }
  lines.push(notes.drift, "## Sync", "");
  if (notes.invented.length) {
    lines.push(
      `New to our spec (operationId from the published summary; describe them in our words): ${notes.invented.map((op) => `\`${op}\``).join(", ")}.`,
      "",
    );
  }
  const { tests } = notes;
  if (!notes.changed)
    lines.push(
      "Nothing changed: spec/ and generated/ already hold these facts, byte for byte. Contract suite: not needed.",
    );
  else if (tests === null) lines.push("Contract suite: not run.");
  else if (tests.ok) lines.push("Contract suite: passed.");
  else
    lines.push(
      "Contract suite: **failed**, so spec/ and generated/ were put back as they were.",
      "",
      "```",
      tests.tail,
      "```",
    );
  if (notes.changed)
    lines.push(
      "",
      notes.applied ? "spec/ and generated/ now hold the synced description." : "spec/ and generated/ are unchanged.",
    );
  return [...lines, ""].join("\n");
}
