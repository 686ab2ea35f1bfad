/**
 * Claims drift: when a sync flips the verdict of a documented claim, the change report lists it.
 * Checked with a one-claim suite run through real Prism mocks of the two published versions.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import type { CaseResult, Suite } from "../../../scripts/contract/suite.ts";
import { claimsDrift, renderDrift } from "../../../scripts/drift/claims-drift.ts";
import { runSuiteOnMock } from "../../../scripts/drift/run-on-mock.ts";

const result = (id: string, verdict: CaseResult["verdict"], evidence: string[] = []): CaseResult => ({
  id,
  group: "Bulk delete DLQ page",
  name: `claim ${id}`,
  ok: true,
  verdict,
  evidence,
  durationMs: 1,
});

describe("claimsDrift", () => {
  it("lists exactly the claims whose verdict differs, and claims only one side has", () => {
    const before = [result("a", "holds"), result("b", "contradicted"), result("c", "holds"), result("gone", "holds")];
    const after = [
      result("a", "holds"),
      result("b", "holds"),
      result("c", "contradicted", ["status 400"]),
      result("new", "unverifiable"),
    ];
    const drift = claimsDrift(before, after);
    expect(drift.map((d) => [d.id, d.before, d.after])).toEqual([
      ["b", "contradicted", "holds"],
      ["c", "holds", "contradicted"],
      ["gone", "holds", "absent"],
      ["new", "absent", "unverifiable"],
    ]);
    const markdown = renderDrift(drift);
    expect(markdown).toContain("| c: claim c | Bulk delete DLQ page | holds | **contradicted** | status 400 |");
    expect(renderDrift([])).toContain("No documented claim changed its verdict.");
  });
});

describe("runSuiteOnMock across the published pair", () => {
  const dir = mkdtempSync(join(tmpdir(), "qstash-drift-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const asJson = (name: string) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(parse(readFileSync(`tests/fixtures/published/${name}.yaml`, "utf8"))));
    return file;
  };

  /** The page's claim "url takes several values": a request with two urls must be accepted. */
  const listClaimSuite: Suite = async (context) => {
    const response = await fetch(`${context.baseUrl}/v2/dlq?url=https%3A%2F%2Fa.example&url=https%3A%2F%2Fb.example`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${context.token}` },
    });
    const violations = response.headers.get("sl-violations") ?? "";
    const verdict = response.status < 300 ? "holds" : "contradicted";
    return {
      suite: "t",
      markdown: "",
      summary: "",
      cases: [
        {
          id: "dlq-url-list",
          group: "Bulk delete DLQ page",
          name: "url takes a list",
          ok: true,
          verdict,
          evidence: [`status ${response.status}`, violations].filter(Boolean),
          durationMs: 0,
        },
      ],
    };
  };

  it("flips a claim that the list change decides, and the drift names it", async () => {
    const before = await runSuiteOnMock(listClaimSuite, asJson("qstash-f9767c6"));
    const after = await runSuiteOnMock(listClaimSuite, asJson("qstash-03fdcba"));
    const drift = claimsDrift(before, after);
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatchObject({ id: "dlq-url-list", before: "contradicted", after: "holds" });
  }, 60_000);
});
