import type { CaseResult } from "../suite.ts";
import { textTable } from "../claims/report.ts";
import type { ClientCaseResult, ClientsData } from "./suite.ts";

/** The clients section of reports/conformance.md and the table `npm run verify` prints. */

const COLUMN_WORDS = [
  "calls",
  "mock accepts",
  "strict check accepts",
  "holds",
  "contradicted",
  "wrong: SDK behind docs",
  "wrong: SDK only",
  "holds through a correction",
  "unexplained",
];

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
  const row = (c: SdkCounts) => [c.sdk, ...COUNT_KEYS.map((key) => String(c[key]))];
  const total = {
    ...zero(),
    ...Object.fromEntries(COUNT_KEYS.map((key) => [key, counts.reduce((sum, c) => sum + c[key], 0)])),
  };
  const head = [
    "sdk",
    "calls",
    "mock ok",
    "strict ok",
    "holds",
    "contradicted",
    "sdk",
    "sdk-only",
    "corrected",
    "unexplained",
  ];
  const table = textTable(head, [...counts.map(row), row(total)]);
  const problems = checks.filter((c) => !c.ok).map((c) => `  ${c.name}`);
  return problems.length ? `${table}\n${problems.length} problem(s):\n${problems.join("\n")}` : table;
}

/** The counted columns, in table order. */
const COUNT_KEYS = [
  "calls",
  "acceptedByMock",
  "acceptedByStrict",
  "holds",
  "contradicted",
  "bySdk",
  "bySdkOnly",
  "throughCorrections",
  "unexplained",
] as const;

function zero(): SdkCounts {
  return {
    sdk: "total",
    ...(Object.fromEntries(COUNT_KEYS.map((key) => [key, 0])) as Record<(typeof COUNT_KEYS)[number], number>),
  };
}

export function clientsMarkdown(cases: ClientCaseResult[], data: ClientsData, checks: CaseResult[]): string {
  const lines = [
    "## Official SDKs: what they really send",
    "",
    "Each public SDK method that makes a REST call is judged twice: by the mock (Prism's verdict on the request) and by the",
    "strict check (query parameters, `Upstash-*` headers and body fields the spec does not declare, which Prism lets",
    "through). Every disagreement names who is wrong, with the docs page or SDK source at a commit and a line.",
    "",
    `| SDK | version / source | ${COLUMN_WORDS.join(" | ")} |`,
    `| --- | --- | ${COLUMN_WORDS.map(() => "---:").join(" | ")} |`,
  ];
  for (const c of countsBySdk(cases)) {
    const about = data.sdks.find((s) => s.sdk === c.sdk);
    lines.push(
      `| ${c.sdk} | ${about?.version ?? ""} (${about?.source ?? ""}) | ${COUNT_KEYS.map((key) => c[key]).join(" | ")} |`,
    );
  }
  lines.push("");
  const problems = checks.filter((c) => !c.ok);
  if (problems.length) lines.push("**Problems:**", "", ...problems.map((p) => `- ${p.name}: ${p.consequence}`), "");
  lines.push(...correctionsSection(data), ...explanationsSection(data));
  for (const sdk of [...new Set(cases.map((c) => c.sdk))])
    lines.push(
      ...sdkSection(
        sdk,
        cases.filter((c) => c.sdk === sdk),
        data,
      ),
    );
  return lines.join("\n");
}

function correctionsSection(data: ClientsData): string[] {
  const corrections = data.explanations.filter((e) => e.who === "spec");
  if (!corrections.length) return [];
  const intro =
    "Where the docs and the SDKs agree and the spec was silent, `spec/corrections.overlay.yaml` now declares it:";
  const lines = ["### Spec corrections (issue 9)", "", intro, ""];
  for (const e of corrections) {
    lines.push(
      `- **${e.id}**: ${e.summary} Declares ${e.declares!.map((d) => `\`${d.name}\` (${d.in}) on ${d.operation}`).join(", ")}.`,
    );
    for (const c of e.citations) lines.push(`  - ${c}`);
    lines.push(`  - calls that now hold through it: ${e.cases.map((id) => `\`${id}\``).join(", ") || "none"}`);
  }
  return [...lines, ""];
}

function explanationsSection(data: ClientsData): string[] {
  const lines = [
    "### Who is wrong, and why",
    "",
    "| explanation | who is wrong | impact | what happens | evidence | calls |",
  ];
  lines.push("| --- | --- | --- | --- | --- | ---: |");
  for (const e of data.explanations.filter((x) => x.who !== "spec")) {
    const what = cell(`${e.summary} ${e.consequence}`);
    lines.push(
      `| \`${e.id}\` | ${WHO_WORDS[e.who]} | ${e.impact} | ${what} | ${cell(e.citations.join("<br>"))} | ${e.cases.length} |`,
    );
  }
  return [...lines, ""];
}

function sdkSection(sdk: string, cases: ClientCaseResult[], data: ClientsData): string[] {
  const about = data.sdks.find((s) => s.sdk === sdk);
  const lines = [`### ${sdk}`, "", `${about?.version ?? ""}: ${about?.source ?? ""}.`, ""];
  const surface = data.surface.find((s) => s.sdk === sdk);
  if (surface) {
    const skipped = surface.members.filter((m) => m.status === "skipped");
    const driven = surface.members.filter((m) => m.status === "driven").length;
    lines.push(
      `Public members of its API classes: ${surface.members.length}; driven: ${driven}; skipped: ${skipped.length}.`,
      "",
    );
    for (const [reason, members] of groupBy(skipped, (m) => m.reason ?? "")) {
      lines.push(`- skipped ${members.map((m) => `\`${m.class}.${m.member}\``).join(", ")}: ${reason}`);
    }
    for (const [reason, names] of groupBy(Object.entries(surface.otherClasses), ([, why]) => why)) {
      lines.push(`- no client REST call: ${names.map(([name]) => `\`${name}\``).join(", ")}: ${reason}`);
    }
    lines.push("");
  }
  lines.push("| method | request | verdict | who is wrong | consequence |", "| --- | --- | --- | --- | --- |");
  for (const c of cases) {
    const mark = c.ok ? "" : " ⚠ unexplained";
    const corrected = c.corrections.map((id) => `the spec, corrected by \`${id}\` (now declared)`);
    const who = [...c.who.map((w) => WHO_WORDS[w]), ...corrected].join("; ");
    const requests = c.evidence.filter((line) => line.startsWith("request"));
    const request =
      requests.map((line) => `\`${line.slice(line.indexOf(": ") + 2, 240)}\``).join("<br>") || "no request";
    const method = `\`${c.method}\`${c.variant ? ` (${c.variant})` : ""}`;
    lines.push(
      `| ${method} | ${cell(request)} | **${c.verdict}**${mark} | ${cell(who)} | ${cell(c.consequence ?? "")} |`,
    );
  }
  return [...lines, ""];
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
