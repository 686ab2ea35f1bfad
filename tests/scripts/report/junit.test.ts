import { describe, expect, it } from "vitest";
import type { CaseResult, SuiteOutcome } from "../../../scripts/contract/suite.ts";
import { junitXml } from "../../../scripts/report/junit.ts";

const base: Omit<CaseResult, "id" | "ok"> = {
  group: "Page",
  name: "a claim",
  evidence: ["DELETE /v2/dlq → 400"],
  durationMs: 900,
};
const outcome = (cases: CaseResult[]): SuiteOutcome => ({ suite: "claims", cases, markdown: "", summary: "" });

describe("JUnit report", () => {
  const xml = junitXml(
    [
      outcome([
        { ...base, id: "p/held", ok: true, verdict: "holds", expected: "holds" },
        { ...base, id: "p/stale", ok: true, verdict: "contradicted", expected: "contradicted" },
        { ...base, id: "p/moved", ok: false, verdict: "holds", expected: "contradicted" },
      ]),
    ],
    { claims: 1234 },
  );

  it("makes only an unexpected verdict a failure", () => {
    expect(xml).toContain('tests="3" failures="1"');
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toMatch(
      /name="p\/moved: a claim"[^>]*><properties>.*<failure message="observed holds, expected contradicted">/,
    );
  });

  it("shows an expected contradiction as such, in a property and in the output's first line", () => {
    const stale = xml.split("\n").find((line) => line.includes('name="p/stale'))!;
    expect(stale).toContain('<property name="verdict" value="contradicted"/>');
    expect(stale).toMatch(/<system-out>expected contradiction: /);
    expect(stale).not.toContain("<failure");
  });

  it("gives the suite its wall time, not the sum of its cases' times", () => {
    expect(xml).toContain('time="1.234"');
    expect(xml).not.toContain('time="2.700"');
  });

  it("stays well-formed with characters XML 1.0 forbids in the evidence", () => {
    const text = junitXml([outcome([{ ...base, id: "x", ok: false, evidence: ["bad \u0001 byte & <tag>"] }])]);
    expect(text).toContain("bad � byte &amp; &lt;tag&gt;");
  });
});
