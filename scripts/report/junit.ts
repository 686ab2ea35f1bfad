import type { SuiteOutcome } from "../contract/suite.ts";

/**
 * JUnit XML for CI systems: a testsuite per suite, a testcase per case. Only an unexpected result
 * is a `<failure>`; an expected contradiction passes but says so in its properties and in the
 * first line of its output, so a reader of the CI page sees that the docs are wrong there. Suite
 * times are the suite's wall time (its cases run concurrently, so their sum would overstate it).
 */
export function junitXml(outcomes: SuiteOutcome[], wallMs: Record<string, number> = {}, timestamp?: string): string {
  const suites = outcomes.map((outcome) => {
    const failures = outcome.cases.filter((c) => !c.ok).length;
    const seconds = (wallMs[outcome.suite] ?? Math.max(0, ...outcome.cases.map((c) => c.durationMs))) / 1000;
    const stamp = timestamp ? ` timestamp="${escapeXml(timestamp)}"` : "";
    const open = `  <testsuite name="${escapeXml(outcome.suite)}" tests="${outcome.cases.length}" failures="${failures}" errors="0" time="${seconds.toFixed(3)}"${stamp}>`;
    return [open, ...outcome.cases.map(testcase), "  </testsuite>"].join("\n");
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', "<testsuites>", ...suites, "</testsuites>", ""].join("\n");
}

type Case = SuiteOutcome["cases"][number];

function testcase(c: Case): string {
  const headline = c.ok
    ? c.verdict === "contradicted"
      ? "expected contradiction: the page and the spec disagree, as the catalog records"
      : ""
    : "";
  const verdictLine = `verdict: ${c.verdict ?? "-"} (expected ${c.expected ?? "-"})`;
  const consequence = c.consequence ? `consequence: ${c.consequence}` : "";
  const body = [headline, verdictLine, ...c.evidence, consequence].filter(Boolean).join("\n");
  const properties = [
    ["verdict", c.verdict],
    ["expected", c.expected],
  ]
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<property name="${name}" value="${escapeXml(String(value))}"/>`)
    .join("");
  const props = properties ? `<properties>${properties}</properties>` : "";
  const message = `observed ${c.verdict ?? "a failure"}, expected ${c.expected ?? "success"}`;
  const result = c.ok
    ? `<system-out>${escapeXml(body)}</system-out>`
    : `<failure message="${escapeXml(message)}">${escapeXml(body)}</failure>`;
  const attributes = `classname="${escapeXml(c.group)}" name="${escapeXml(`${c.id}: ${c.name}`)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
  return `    <testcase ${attributes}>${props}${result}</testcase>`;
}

function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "�")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
