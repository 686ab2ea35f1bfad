import type { CaseResult } from "../suite.ts";
import { textTable } from "../claims/report.ts";
import type { ClientCaseResult, ClientsData } from "./suite.ts";

/** The clients section of reports/conformance.md and the table `npm run verify` prints. */

const WHO_WORDS = {
  sdk: "the SDK (behind today's docs)",
  "sdk-only": "the SDK (no docs revision shows it; spec kept)",
  spec: "the spec (corrected, issue 9)",
};

export interface SdkCounts {
  sdk: string;
  calls: number;
  acceptedByMock: number;
  acceptedByStrict: number;
  holds: number;
  contradicted: number;
  bySdk: number;
  bySdkOnly: number;
  throughCorrections: number;
  unexplained: number;
}

export function countsBySdk(cases: ClientCaseResult[]): SdkCounts[] {
  const sdks = [...new Set(cases.map((c) => c.sdk))];
  return sdks.map((sdk) => {
    const rows = cases.filter((c) => c.sdk === sdk);
    const count = (test: (c: ClientCaseResult) => boolean) => rows.filter(test).length;
    return {
      sdk,
      calls: rows.length,
      acceptedByMock: count((c) => c.acceptedByMock),
      acceptedByStrict: count((c) => c.acceptedByStrict),
      holds: count((c) => c.verdict === "holds"),
      contradicted: count((c) => c.verdict === "contradicted"),
      bySdk: count((c) => c.who.includes("sdk")),
      bySdkOnly: count((c) => c.who.includes("sdk-only")),
      throughCorrections: count((c) => c.corrections.length > 0),
      unexplained: count((c) => !c.ok),
    };
  });
}

export function clientsSummary(cases: ClientCaseResult[], checks: CaseResult[]): string {
  const counts = countsBySdk(cases);
  const row = (c: SdkCounts) => [c.sdk, c.calls, c.acceptedByMock, c.acceptedByStrict, c.holds, c.contradicted, c.bySdk, c.bySdkOnly, c.throughCorrections, c.unexplained].map(String);
  const total = counts.reduce((sum, c) => ({ ...sum, ...Object.fromEntries(Object.entries(c).map(([k, v]) => [k, typeof v === "number" ? (sum as any)[k] + v : "total"])) }), zero());
  const table = textTable(["sdk", "calls", "mock ok", "strict ok", "holds", "contradicted", "sdk", "sdk-only", "corrected", "unexplained"], [...counts.map(row), row(total)]);
  const problems = checks.filter((c) => !c.ok).map((c) => `  ${c.name}`);
  return problems.length ? `${table}\n${problems.length} problem(s):\n${problems.join("\n")}` : table;
}

function zero(): SdkCounts {
  return { sdk: "total", calls: 0, acceptedByMock: 0, acceptedByStrict: 0, holds: 0, contradicted: 0, bySdk: 0, bySdkOnly: 0, throughCorrections: 0, unexplained: 0 };
}

export function clientsMarkdown(cases: ClientCaseResult[], data: ClientsData, checks: CaseResult[]): string {
  const lines = [
    "## Official SDKs: what they really send",
    "",
    "Each public SDK method that makes a REST call is judged twice: by the mock (Prism's verdict on the request) and by the",
    "strict check (query parameters, `Upstash-*` headers and body fields the spec does not declare, which Prism lets",
    "through). Every disagreement names who is wrong, with the docs page or SDK source at a commit and a line.",
    "",
    "| SDK | version / source | calls | mock accepts | strict check accepts | holds | contradicted | wrong: SDK behind docs | wrong: SDK only | holds through a correction | unexplained |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const c of countsBySdk(cases)) {
    const about = data.sdks.find((s) => s.sdk === c.sdk);
    lines.push(`| ${c.sdk} | ${about?.version ?? ""} (${about?.source ?? ""}) | ${c.calls} | ${c.acceptedByMock} | ${c.acceptedByStrict} | ${c.holds} | ${c.contradicted} | ${c.bySdk} | ${c.bySdkOnly} | ${c.throughCorrections} | ${c.unexplained} |`);
  }
  lines.push("");
  const problems = checks.filter((c) => !c.ok);
  if (problems.length) lines.push("**Problems:**", "", ...problems.map((p) => `- ${p.name}: ${p.consequence}`), "");
  lines.push(...correctionsSection(data), ...explanationsSection(data));
  for (const sdk of [...new Set(cases.map((c) => c.sdk))]) lines.push(...sdkSection(sdk, cases.filter((c) => c.sdk === sdk), data));
  return lines.join("\n");
}

function correctionsSection(data: ClientsData): string[] {
  const corrections = data.explanations.filter((e) => e.who === "spec");
  if (!corrections.length) return [];
  const lines = ["### Spec corrections (issue 9)", "", "Where the docs and the SDKs agree and the spec was silent, `spec/corrections.overlay.yaml` now declares it:", ""];
  for (const e of corrections) {
    lines.push(`- **${e.id}**: ${e.summary} Declares ${e.declares!.map((d) => `\`${d.name}\` (${d.in}) on ${d.operation}`).join(", ")}.`);
    for (const c of e.citations) lines.push(`  - ${c}`);
    lines.push(`  - calls that now hold through it: ${e.cases.map((id) => `\`${id}\``).join(", ") || "none"}`);
  }
  return [...lines, ""];
}

function explanationsSection(data: ClientsData): string[] {
  const lines = ["### Who is wrong, and why", "", "| explanation | who is wrong | impact | what happens | evidence | calls |", "| --- | --- | --- | --- | --- | ---: |"];
  for (const e of data.explanations.filter((x) => x.who !== "spec")) {
    lines.push(`| \`${e.id}\` | ${WHO_WORDS[e.who]} | ${e.impact} | ${cell(`${e.summary} ${e.consequence}`)} | ${cell(e.citations.join("<br>"))} | ${e.cases.length} |`);
  }
  return [...lines, ""];
}

function sdkSection(sdk: string, cases: ClientCaseResult[], data: ClientsData): string[] {
  const about = data.sdks.find((s) => s.sdk === sdk);
  const lines = [`### ${sdk}`, "", `${about?.version ?? ""}: ${about?.source ?? ""}.`, ""];
  const surface = data.surface.find((s) => s.sdk === sdk);
  if (surface) {
    const skipped = surface.members.filter((m) => m.status === "skipped");
    lines.push(`Public members of its API classes: ${surface.members.length}; driven: ${surface.members.filter((m) => m.status === "driven").length}; skipped: ${skipped.length} (${skipped.map((m) => `\`${m.class}.${m.member}\``).join(", ")}: ${[...new Set(skipped.map((m) => m.reason))].join("; ")}).`, "");
  }
  lines.push("| method | request | verdict | who is wrong | consequence |", "| --- | --- | --- | --- | --- |");
  for (const c of cases) {
    const mark = c.ok ? "" : " ⚠ unexplained";
    const who = [...c.who.map((w) => WHO_WORDS[w]), ...c.corrections.map((id) => `the spec, corrected by \`${id}\` (now declared)`)].join("; ");
    const request = c.evidence.filter((line) => line.startsWith("request")).map((line) => `\`${line.slice(line.indexOf(": ") + 2, 240)}\``).join("<br>");
    lines.push(`| \`${c.method}\`${c.variant ? ` (${c.variant})` : ""} | ${cell(request || "no request")} | **${c.verdict}**${mark} | ${cell(who)} | ${cell(c.consequence ?? "")} |`);
  }
  return [...lines, ""];
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
