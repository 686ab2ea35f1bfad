import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, inject, test } from "vitest";
import { clientsSuite, type ClientCaseResult, type ClientsData } from "../../../../scripts/contract/clients/suite.ts";
import { MOCKED_SPEC } from "../../../../scripts/contract/prism.ts";
import type { SuiteOutcome } from "../../../../scripts/contract/suite.ts";

// A token that must never show up in what the suite records or reports.
const TOKEN = "clients-test-token-7d31";
const description = JSON.parse(readFileSync(MOCKED_SPEC, "utf8"));

let outcome: SuiteOutcome;
let cases: ClientCaseResult[];
let data: ClientsData;

beforeAll(async () => {
  outcome = await clientsSuite({ baseUrl: inject("prismUrl"), token: TOKEN, mode: "mock", description });
  cases = outcome.cases.filter((c): c is ClientCaseResult => "sdk" in c);
  data = outcome.data as ClientsData;
}, 60_000);

describe("the clients suite against the Prism mock", () => {
  test("every SDK request has a verdict, and every disagreement an explanation", () => {
    const unexplained = outcome.cases
      .filter((c) => !c.ok)
      .map((c) => `${c.id}: ${c.evidence.filter((e) => e.startsWith("UNEXPLAINED")).join("; ") || c.name}`);

    expect(unexplained).toEqual([]);
  });

  test("all four official SDKs are judged, the TypeScript ones live and the others from source", () => {
    const sdks = new Set(cases.map((c) => c.sdk));

    expect([...sdks].sort()).toEqual(["@upstash/qstash", "@upstash/workflow", "qstash-go", "qstash-py"]);
    for (const sdk of sdks) expect(cases.filter((c) => c.sdk === sdk).length).toBeGreaterThan(20);
    expect(
      cases.filter((c) => c.source).every((c) => /^[0-9a-f]{40}$/.test(c.source!.commit) && c.source!.line > 0),
    ).toBe(true);
  });

  test("every call sent at least one request, and each request was judged by the mock and the strict check", () => {
    for (const c of cases) {
      expect(
        c.evidence.some((e) => e.startsWith("request")),
        c.id,
      ).toBe(true);
      expect(
        c.evidence.some((e) => e.startsWith("mock: ")),
        c.id,
      ).toBe(true);
      expect(
        c.evidence.some((e) => e.startsWith("strict: ")),
        c.id,
      ).toBe(true);
    }
  });

  test("a contradicted call names who is wrong, what a caller sees, and cites the docs", () => {
    for (const c of cases.filter((x) => x.verdict === "contradicted")) {
      expect(c.who.length, c.id).toBeGreaterThan(0);
      expect(c.consequence?.length, c.id).toBeGreaterThan(30);
      expect(
        c.evidence.some((e) => e.includes("upstash/docs@")),
        c.id,
      ).toBe(true);
    }
  });

  test("a call holds only when the mock accepts it and the strict check finds nothing", () => {
    for (const c of cases)
      expect(c.verdict === "holds", c.id).toBe(c.acceptedByMock && c.acceptedByStrict && c.findings.length === 0);
  });

  test("the strict check sees what the mock lets through: calls the mock accepts that still break the spec", () => {
    const silent = cases.filter((c) => c.acceptedByMock && !c.acceptedByStrict);

    expect(silent.length).toBeGreaterThan(0);
    expect(silent.every((c) => c.findings.some((f) => f.kind.startsWith("undeclared")))).toBe(true);
  });

  test("calls that send what an issue-9 correction declares now hold", () => {
    const corrected = cases.filter((c) => c.corrections.length);

    expect(corrected.length).toBeGreaterThan(0);
    for (const c of corrected) expect(c.findings.map((f) => f.explanation)).not.toContain(c.corrections[0]);
    expect(data.explanations.filter((e) => e.who === "spec").every((e) => e.cases.length > 0)).toBe(true);
  });

  test("no public SDK method is left out", () => {
    for (const surface of data.surface) {
      expect(surface.members.filter((m) => m.status === "missing")).toEqual([]);
      expect(surface.unplacedClasses).toEqual([]);
    }
  });

  test("the token never reaches a case, the report or the data", () => {
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  test("the report has a section per SDK with method, request, verdict, who is wrong and consequence", () => {
    for (const sdk of new Set(cases.map((c) => c.sdk))) expect(outcome.markdown).toContain(`### ${sdk}`);
    expect(outcome.markdown).toContain("| method | request | verdict | who is wrong | consequence |");
    expect(outcome.summary).toMatch(/total\s+\d+/);
  });
});
