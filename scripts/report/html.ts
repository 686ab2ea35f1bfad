import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { OPERATIONS } from "../../generated/operations.ts";
import { findDestinationRoute, findRoute } from "../contract/find-route.ts";

/**
 * reports/conformance.html: the run for a person who would rather look at a page than scroll
 * Markdown. One self-contained file: inline CSS, one small inline script (html-view.js, allowed by
 * its hash in the page's Content-Security-Policy, which also forbids every network request), and
 * the cases as JSON data that the script renders with textContent only, so no text of a case (server
 * answers included) can become markup. The suite summary is plain HTML and reads without the script.
 *
 * Built from the same object as reports/conformance.json. Every string is stored once and cases
 * point at it by index; the script renders the first rows of what the filters keep and more on
 * request, so a report of ten thousand cases stays small and opens at once.
 */

/** The object write-reports.ts serialises as conformance.json (its cases are CaseResults and their extras). */
export interface ReportModel {
  run: { mode: string; target: string; specVersion: string; startedAt: string; durationMs: number };
  suites: { suite: string; cases: Record<string, any>[]; data?: any }[];
}

/** A case as the suites write it: CaseResult, plus what some suites add (operation, catalog, reached, page). */
type ReportedCase = {
  id: string;
  group: string;
  name: string;
  ok: boolean;
  verdict?: string;
  expected?: string;
  evidence: string[];
  consequence?: string;
} & Record<string, any>;

/** What the verdict filter offers: the three verdicts, then cases that have none (the operations suite). */
export const STATUSES = ["contradicted", "holds", "unverifiable", "passed", "failed"] as const;

/** The mined catalogs are all read from this repository (scripts/mine.ts). */
const DOCS_REPOSITORY = "upstash/docs";
const VIEW_SCRIPT = readFileSync(new URL("./html-view.js", import.meta.url), "utf8");

export function conformanceHtml(report: ReportModel): string {
  const strings = new StringTable();
  const context = linkContext(report);
  const cases = report.suites.flatMap((outcome, suiteIndex) =>
    outcome.cases.map((c) => encodeCase(c as ReportedCase, suiteIndex, outcome, context, strings)),
  );
  const data = { suites: report.suites.map((s) => s.suite), statuses: STATUSES, strings: strings.values, cases };
  const script = VIEW_SCRIPT;
  const hash = createHash("sha256").update(script).digest("base64");
  const policy = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:`;
  const { run } = report;
  const started = run.startedAt.replace("T", " ").replace(/\.\d+Z$/, " UTC");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conformance report · ${escapeHtml(run.mode)} · ${escapeHtml(started)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Conformance report</h1>
<p class="run">${escapeHtml(run.mode)} run against ${escapeHtml(run.target)} · spec ${escapeHtml(run.specVersion)} · ${escapeHtml(started)} · ${(run.durationMs / 1000).toFixed(1)} s</p>
</header>
<main>
<h2>Suites</h2>
${summaryTable(report)}
<h2>Cases</h2>
<form id="filters" class="filters" autocomplete="off">
<label>suite <select name="suite"><option value="">all</option>${options(report.suites.map((s) => s.suite))}</select></label>
<label>verdict <select name="verdict"><option value="">all</option>${options([...STATUSES, "unexpected"])}</select></label>
<label>page <select name="page"><option value="">all</option>${options(distinct(cases, PAGE, strings))}</select></label>
<label>operation <select name="operation"><option value="">all</option>${options(distinct(cases, OPS, strings))}</select></label>
<label>text <input name="text" type="search" placeholder="id, name, evidence"></label>
</form>
<p id="shown" class="shown" aria-live="polite">${cases.length} cases (the list needs JavaScript)</p>
<ol id="cases" class="cases"></ol>
<button id="more" type="button" hidden>show more</button>
</main>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}

// Positions in an encoded case: [suite, status, ok, id, name, page, operations, evidence, consequence, expected, links].
const PAGE = 5;
const OPS = 6;

type EncodedCase = [number, number, 0 | 1, number, number, number, number[], number[], number, number, number[][]];

function encodeCase(
  c: ReportedCase,
  suiteIndex: number,
  outcome: ReportModel["suites"][number],
  context: LinkContext,
  strings: StringTable,
): EncodedCase {
  const status = c.verdict ?? (c.ok ? "passed" : "failed");
  const links = caseLinks(c, outcome, context).map(([text, href]) => [strings.at(text), strings.at(href)]);
  return [
    suiteIndex,
    STATUSES.indexOf(status as (typeof STATUSES)[number]),
    c.ok ? 1 : 0,
    strings.at(c.id),
    strings.at(c.name),
    pageOf(c, outcome.suite) === undefined ? -1 : strings.at(pageOf(c, outcome.suite)!),
    operationsOf(c, outcome).map((op) => strings.at(op)),
    c.evidence.map((line) => strings.at(line)),
    c.consequence ? strings.at(c.consequence) : -1,
    c.expected && c.expected !== c.verdict ? strings.at(c.expected) : -1,
    links,
  ];
}

/** The documentation page a case is about: the claims' and the mined catalogs' groups; SDK calls and spec probes have none. */
function pageOf(c: ReportedCase, suite: string): string | undefined {
  return suite === "claims" || suite === "docs" ? c.group : undefined;
}

/** `METHOD /template` of the operations a case reaches, as each suite knows them. */
function operationsOf(c: ReportedCase, outcome: ReportModel["suites"][number]): string[] {
  if (outcome.suite === "operations") {
    const op = (OPERATIONS as Record<string, { method: string; path: string }>)[c.group];
    return op ? [`${op.method} ${op.path}`] : [];
  }
  if (outcome.suite === "docs") return [c.reached ?? c.operation].filter(Boolean);
  if (outcome.suite === "clients") return distinctValues(requestLines(c.name).map(([m, p]) => routeOf(m, p)));
  return typeof c.operation === "string" ? [c.operation] : [];
}

/** `publish (url): POST /v2/publish/https://example.com/hook, GET /v2/dlq`: the requests an SDK call sent. */
function requestLines(name: string): [string, string][] {
  const sent = name.slice(name.indexOf(": ") + 2);
  return [...sent.matchAll(/(?:^|, )(GET|POST|PUT|PATCH|DELETE) (\/\S*)/g)].map((m) => [m[1], m[2]]);
}

const ROUTES = {
  paths: Object.values(
    OPERATIONS as Record<string, { method: string; path: string; destination: string | null }>,
  ).reduce(
    (paths, op) => {
      paths[op.path] = { ...paths[op.path], [op.method.toLowerCase()]: { "x-qstash-destination": op.destination } };
      return paths;
    },
    {} as Record<string, Record<string, unknown>>,
  ),
};

function routeOf(method: string, path: string): string {
  const pathname = path.split("?")[0];
  const found = findRoute(ROUTES, method, pathname);
  if (found.operation) return found.key;
  return findDestinationRoute(ROUTES, method, pathname)?.key ?? `${method} ${pathname}`;
}

interface LinkContext {
  /** Mined catalog name → repository and full commit. */
  catalogs: Map<string, { repository: string; commit: string }>;
  /** Hand-written claims' page key → its address. */
  claimPages: Map<string, { title: string; url?: string }>;
  /** Full commits the report names, to lengthen an abbreviated one. */
  commits: string[];
}

function linkContext(report: ReportModel): LinkContext {
  const byName = (suite: string) => report.suites.find((s) => s.suite === suite)?.data;
  const catalogs = new Map<string, { repository: string; commit: string }>(
    (byName("docs")?.catalogs ?? []).map((c: any) => [
      c.name,
      { repository: c.repository ?? DOCS_REPOSITORY, commit: c.commit },
    ]),
  );
  const claimPages = new Map<string, { title: string; url?: string }>(
    (byName("claims")?.pages ?? []).map((p: any) => [p.key, { title: p.title, url: p.url }]),
  );
  return { catalogs, claimPages, commits: [...catalogs.values()].map((c) => c.commit) };
}

/**
 * Where a reader checks a case: the page line at its commit for a mined claim (evidence `page:
 * <file>:<line>`, maybe `(from <snippet>:<line>)`), every `owner/repo@commit file:line` an
 * explanation or a source line cites, and a hand-written claim's page address.
 */
export function caseLinks(
  c: ReportedCase,
  outcome: { suite: string },
  context: LinkContext,
): [text: string, href: string][] {
  const links: [string, string][] = [];
  const catalog = outcome.suite === "docs" ? context.catalogs.get(c.catalog) : undefined;
  for (const line of c.evidence) {
    const page = catalog && /^page: (\S+?):(\d+)(?: \(from (\S+?):(\d+)\))?/.exec(line);
    if (page) {
      links.push(blobLink(catalog.repository, catalog.commit, page[1], Number(page[2])));
      if (page[3]) links.push(blobLink(catalog.repository, catalog.commit, page[3], Number(page[4])));
    }
    for (const cite of line.matchAll(/\b([\w.-]+\/[\w.-]+)@([0-9a-f]{7,40}) (\S+?):(\d+)\b/g)) {
      const commit = context.commits.find((full) => full.startsWith(cite[2])) ?? cite[2];
      links.push(blobLink(cite[1], commit, cite[3], Number(cite[4])));
    }
  }
  const claimPage = outcome.suite === "claims" ? context.claimPages.get(c.page) : undefined;
  if (claimPage?.url && /^https:\/\//.test(claimPage.url)) links.push([`page: ${claimPage.title}`, claimPage.url]);
  return links.filter(([, href], index) => links.findIndex(([, other]) => other === href) === index);
}

function blobLink(repository: string, commit: string, file: string, line: number): [string, string] {
  const path = file.split("/").map(encodeURIComponent).join("/");
  return [
    `${repository} ${file}:${line} @${commit.slice(0, 8)}`,
    `https://github.com/${repository}/blob/${commit}/${path}#L${line}`,
  ];
}

function summaryTable(report: ReportModel): string {
  const head = ["suite", "cases", ...STATUSES, "unexpected"];
  // Each count links to the cases it counts (the view reads its filters from the hash).
  const row = (name: string, cases: ReportedCase[], suite?: string) => {
    const count = (status: string) =>
      cases.filter((c) => (c.verdict ?? (c.ok ? "passed" : "failed")) === status).length;
    const counts: [string, number][] = [
      ["", cases.length],
      ...STATUSES.map((status): [string, number] => [status, count(status)]),
      ["unexpected", cases.filter((c) => !c.ok).length],
    ];
    const cells = counts.map(([verdict, n]) => {
      const filter = new URLSearchParams({ ...(suite ? { suite } : {}), ...(verdict ? { verdict } : {}) });
      const shown = n > 0 ? `<a href="#${escapeHtml(filter.toString())}">${n}</a>` : "0";
      return `<td${verdict === "unexpected" && n > 0 ? ' class="bad"' : ""}>${shown}</td>`;
    });
    return `<tr><th scope="row">${escapeHtml(name)}</th>${cells.join("")}</tr>`;
  };
  const all = report.suites.flatMap((s) => s.cases as ReportedCase[]);
  return `<table class="summary" id="summary">
<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead>
<tbody>
${report.suites.map((s) => row(s.suite, s.cases as ReportedCase[], s.suite)).join("\n")}
</tbody>
<tfoot>${row("total", all)}</tfoot>
</table>`;
}

/** The distinct values at one position of the encoded cases, sorted, for a filter's options. */
function distinct(cases: EncodedCase[], position: typeof PAGE | typeof OPS, strings: StringTable): string[] {
  const indices = new Set(cases.flatMap((c) => (position === OPS ? c[OPS] : c[PAGE] >= 0 ? [c[PAGE]] : [])));
  return [...indices].map((i) => strings.values[i]).sort((a, b) => a.localeCompare(b));
}

function options(values: string[]): string {
  return values.map((v) => `<option>${escapeHtml(v)}</option>`).join("");
}

function distinctValues(values: string[]): string[] {
  return [...new Set(values)];
}

/** Each string once; cases hold indices. Evidence lines such as "status 200" repeat thousands of times. */
class StringTable {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  at(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.push(value) - 1;
      this.index.set(value, i);
    }
    return i;
  }
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * JSON inside a <script> element ends at the first `</script`, whatever the JSON means: every `<`
 * is written as its escape, and so are the two line separators old parsers read as line ends.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const STYLE = `
:root{color-scheme:light;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--bad:#b42318;--warn:#9a6700;--good:#1a7f37}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
header{padding:16px 24px 8px;border-bottom:1px solid var(--line);background:var(--soft)}
h1{margin:0 0 4px;font-size:20px}h2{font-size:16px;margin:20px 0 8px}
.run{margin:0;color:var(--muted)}
main{padding:0 24px 24px;max-width:1400px}
table.summary{border-collapse:collapse;font-variant-numeric:tabular-nums}
.summary th,.summary td{border:1px solid var(--line);padding:4px 10px;text-align:right}
.summary th[scope=row]{text-align:left}.summary thead th{background:var(--soft)}
.summary tfoot th,.summary tfoot td{font-weight:600}
td.bad,td.bad a{color:var(--bad);font-weight:600}
.summary a{color:inherit}
.filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding:8px 0}
.filters label{display:flex;gap:6px;align-items:center;color:var(--muted)}
.filters select,.filters input{font:inherit;max-width:340px;padding:2px 4px}
.shown{color:var(--muted);margin:4px 0 8px}
.cases{list-style:none;margin:0;padding:0}
.cases li{border:1px solid var(--line);border-radius:6px;margin:0 0 6px;background:var(--bg)}
.cases summary{cursor:pointer;padding:6px 10px;display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.cases .id{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;color:var(--muted)}
.cases .body{padding:0 12px 10px 12px;border-top:1px solid var(--line)}
.cases ul{margin:6px 0;padding-left:18px}
.cases .evidence li,.cases .links li{border:0;margin:0;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;white-space:pre-wrap;word-break:break-word}
.consequence{margin:6px 0}
.badge{display:inline-block;min-width:88px;text-align:center;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;border:1px solid currentColor}
.s-contradicted{color:var(--bad)}.s-holds,.s-passed{color:var(--good)}.s-unverifiable{color:var(--warn)}.s-failed{color:var(--bad)}
.unexpected{background:var(--bad);color:#fff;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
.meta{color:var(--muted);font-size:12px}
#more{font:inherit;margin:8px 0;padding:4px 12px}
`
  .trim()
  .replace(/\n/g, "");
