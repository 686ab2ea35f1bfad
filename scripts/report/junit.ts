import type { SuiteOutcome } from "../contract/suite.ts";

/** JUnit XML for CI systems: a testsuite per suite, a testcase per case, a failure per surprise. */
export function junitXml(outcomes: SuiteOutcome[]): string {
  const suites = outcomes.map((outcome) => {
    const failures = outcome.cases.filter((c) => !c.ok).length;
    const seconds = outcome.cases.reduce((sum, c) => sum + c.durationMs, 0) / 1000;
    const cases = outcome.cases.map((c) => {
      const body = [`verdict: ${c.verdict ?? "-"} (expected ${c.expected ?? "-"})`, ...c.evidence, c.consequence ? `consequence: ${c.consequence}` : ""].filter(Boolean).join("\n");
      const result = c.ok ? `<system-out>${escape(body)}</system-out>` : `<failure message="${escape(`observed ${c.verdict}, catalog expects ${c.expected}`)}">${escape(body)}</failure>`;
      return `    <testcase classname="${escape(c.group)}" name="${escape(`${c.id}: ${c.name}`)}" time="${(c.durationMs / 1000).toFixed(3)}">${result}</testcase>`;
    });
    return [`  <testsuite name="${escape(outcome.suite)}" tests="${outcome.cases.length}" failures="${failures}" errors="0" time="${seconds.toFixed(3)}">`, ...cases, "  </testsuite>"].join("\n");
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', "<testsuites>", ...suites, "</testsuites>", ""].join("\n");
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
