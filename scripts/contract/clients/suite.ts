import { performance } from "node:perf_hooks";
import type { CaseResult, Suite, SuiteContext, SuiteOutcome, Verdict } from "../suite.ts";
import { CAPTURED_SDKS, loadCaptures } from "./captured.ts";
import {
  citation,
  evidenceFor,
  explain,
  loadExplanations,
  type Explanation,
  type ExplanationCatalog,
  type Who,
} from "./explanations.ts";
import { evidenceOf, findingsOf } from "./judge.ts";
import { startRecorder } from "./recorder.ts";
import { clientsMarkdown, clientsSummary } from "./report.ts";
import { runCapturedCalls, runLiveCalls, type ClientCall } from "./run-calls.ts";
import { SURFACE, surfaceReport, type SurfaceReport } from "./surface.ts";

/**
 * The `clients` suite: what the official SDKs really send, judged against the spec. The TypeScript
 * SDKs run against a recorder in front of the server the context names; the Python and Go SDKs'
 * requests come from their source (tests/fixtures/sdk/). Every request gets the mock's verdict and the
 * strict check's; every disagreement is matched to an explanation saying who is wrong.
 */

export interface ClientCaseResult extends CaseResult {
  sdk: string;
  method: string;
  variant?: string;
  /** Mock accepted every request (2xx) / the strict check found nothing. */
  acceptedByMock: boolean;
  acceptedByStrict: boolean;
  who: Who[];
  findings: { kind: string; place: string; explanation?: string }[];
  /** Issue-9 corrections whose declared names this call sends (it holds thanks to them). */
  corrections: string[];
  source?: ClientCall["source"];
}

export interface ClientsData {
  sdks: { sdk: string; version: string; source: string }[];
  surface: SurfaceReport[];
  explanations: (Explanation & { cases: string[]; citations: string[] })[];
  capturedUnresolved: { sdk: string; file: string; line: number; what: string }[];
  asyncioMirrorsSync?: unknown;
}

export const clientsSuite: Suite = async (context: SuiteContext): Promise<SuiteOutcome> => {
  const catalog = loadExplanations();
  const captures = CAPTURED_SDKS.map((sdk) => loadCaptures(sdk));
  const recorder = await startRecorder({
    upstream: context.baseUrl,
    description: context.description,
    token: context.token,
  });
  let calls: ClientCall[];
  const started = performance.now();
  try {
    const live = await runLiveCalls(recorder, context.token);
    calls = [...live, ...(await runCapturedCalls(recorder, context.token, context.description, captures))];
  } finally {
    await recorder.close();
  }
  const perCall = (performance.now() - started) / Math.max(calls.length, 1);
  const cases = calls.map((call) => judgeCall(catalog, call, perCall));
  const surface = SURFACE.map(surfaceReport);
  const explanations = catalog.explanations.map((explanation) => ({
    ...explanation,
    cases: cases.filter((c) => accountsFor(c, explanation.id)).map((c) => c.id),
    citations: explanation.evidence.map((key) => cite(catalog, key)),
  }));
  const unresolved = captures.flatMap((c) =>
    c.unresolved.map((u) => ({ sdk: c.sdk, file: u.file, line: u.line, what: u.what })),
  );
  const checks = [...staleExplanations(explanations), ...surfaceProblems(surface), ...unreadPlaces(unresolved)];
  const data: ClientsData = {
    sdks: [
      ...surface.map((s) => ({ sdk: s.sdk, version: s.version, source: "run against the recorder" })),
      ...captures.map((c) => ({
        sdk: c.sdk,
        version: `${c.repository}@${c.commit.slice(0, 12)}`,
        source: `captured by ${c.extractor}`,
      })),
    ],
    surface,
    explanations,
    capturedUnresolved: unresolved,
    asyncioMirrorsSync: captures.find((c) => c.sdk === "qstash-py")?.notes?.asyncioMirrorsSync,
  };
  const all = [...cases, ...checks];
  return {
    suite: "clients",
    cases: all,
    markdown: clientsMarkdown(cases, data, checks),
    summary: clientsSummary(cases, checks),
    data,
  };
};

function judgeCall(catalog: ExplanationCatalog, call: ClientCall, durationMs: number): ClientCaseResult {
  const findings = findingsOf(call.outcome);
  const explained = findings.map((finding) => ({ finding, explanation: explain(catalog, call.sdk, finding) }));
  const unexplained = explained.filter((e) => !e.explanation);
  // In a live run the gate may hold a request back: with nothing found against it, it was not checked.
  const heldBack = call.outcome.exchanges.some((e) => e.heldBack);
  const verdict: Verdict = findings.length ? "contradicted" : heldBack ? "unverifiable" : "holds";
  const explanations = unique(explained.flatMap((e) => (e.explanation ? [e.explanation] : [])));
  const corrections = catalog.explanations.filter((e) => e.who === "spec" && sendsDeclared(call, e)).map((e) => e.id);
  const evidence = [
    ...evidenceOf(call.outcome, findings, call.source !== undefined),
    ...(call.source ? [sourceLine(call.source)] : []),
    ...explanations.flatMap((e) =>
      evidenceFor(catalog, e, call.sdk).map((key) => `evidence (${e.id}): ${cite(catalog, key)}`),
    ),
    ...corrections.map((id) => `holds through the issue-9 correction \`${id}\``),
    ...unexplained.map(
      (e) =>
        `UNEXPLAINED ${e.finding.kind}: ${e.finding.place} (fix: ${e.finding.fix}); explain it in explanations.yaml`,
    ),
  ];
  const exchanges = call.outcome.exchanges;
  return {
    id: call.id,
    group: call.sdk,
    name: `${call.method}${call.variant ? ` (${call.variant})` : ""}: ${requestsOf(exchanges)}`,
    ok: unexplained.length === 0,
    verdict,
    evidence,
    consequence: explanations.length ? explanations.map((e) => e.consequence).join(" ") : undefined,
    durationMs,
    sdk: call.sdk,
    method: call.method,
    variant: call.variant,
    acceptedByMock: exchanges.length > 0 && exchanges.every((e) => e.mock.status < 400),
    acceptedByStrict: exchanges.length > 0 && exchanges.every((e) => e.strict.findings.length === 0),
    who: unique(explanations.map((e) => e.who)),
    findings: explained.map(({ finding, explanation }) => ({
      kind: finding.kind,
      place: finding.place,
      explanation: explanation?.id,
    })),
    corrections,
    source: call.source,
  };
}

/** Does any request of the call send a name an issue-9 correction declared? */
function sendsDeclared(call: ClientCall, explanation: Explanation): boolean {
  return call.outcome.exchanges.some((exchange) =>
    (explanation.declares ?? []).some((d) => {
      if (exchange.strict.operation !== d.operation) return false;
      const names =
        d.in === "query" ? exchange.request.query.map(([name]) => name) : Object.keys(exchange.request.headers);
      return names.some((name) => name.toLowerCase() === d.name.toLowerCase());
    }),
  );
}

/** An explanation no request needs any more: the SDK, the docs or the spec moved, and a person must look. */
function staleExplanations(explanations: ClientsData["explanations"]): CaseResult[] {
  return explanations
    .filter((e) => e.cases.length === 0)
    .map((e) => ({
      id: `explanation:${e.id}`,
      group: "explanations",
      name: `explanation ${e.id} accounts for no request`,
      ok: false,
      evidence: [
        `no SDK request ${e.who === "spec" ? "sends what the correction declares" : "has a finding it matches"}`,
      ],
      consequence: "Remove the explanation, or find out what changed (an SDK, the docs, the spec) and update it.",
      durationMs: 0,
    }));
}

/** A place in an SDK's source the capture reader could not follow: its request may be missing names. */
function unreadPlaces(places: ClientsData["capturedUnresolved"]): CaseResult[] {
  return places.map((place, index) => ({
    id: `capture:${place.sdk}:${index}`,
    group: "captures",
    name: `${place.sdk} ${place.file}:${place.line}: ${place.what}`,
    ok: false,
    evidence: [`the capture of ${place.sdk} could not follow this place`],
    consequence: "Teach the reader in scripts/captures/ this form, then run npm run capture:sdks again.",
    durationMs: 0,
  }));
}

function surfaceProblems(reports: SurfaceReport[]): CaseResult[] {
  return reports.flatMap((report) => {
    const problems = [
      ...report.members
        .filter((m) => m.status === "missing")
        .map((m) => `${m.kind} ${m.class}.${m.member} is neither driven nor skipped`),
      ...report.unplacedClasses.map((name) => `class ${name} is not placed (API class or a reason it sends nothing)`),
      ...report.staleEntries.map((name) => `surface entry ${name} names nothing the declarations have`),
      ...report.strayCalls.map((name) => `call ${name} names no public member`),
    ];
    return problems.map((problem, index) => ({
      id: `surface:${report.sdk}:${index}`,
      group: "surface",
      name: problem,
      ok: false,
      evidence: [`${report.sdk} ${report.version} type declarations`],
      consequence: "Drive the method in scripts/contract/clients/calls/, or place it in surface.ts with the reason.",
      durationMs: 0,
    }));
  });
}

function cite(catalog: ExplanationCatalog, key: string): string {
  return `${citation(catalog, key)}: ${catalog.evidence[key].says}`;
}

function accountsFor(c: ClientCaseResult, id: string): boolean {
  return c.findings.some((f) => f.explanation === id) || c.corrections.includes(id);
}

function sourceLine(source: NonNullable<ClientCall["source"]>): string {
  const handsOver = source.delegatesTo ? ` (hands over to ${source.delegatesTo})` : "";
  return `source: ${source.repository}@${source.commit.slice(0, 8)} ${source.file}:${source.line}${handsOver}`;
}

function requestsOf(exchanges: ClientCall["outcome"]["exchanges"]): string {
  return exchanges.map((e) => `${e.request.method} ${e.request.path}`).join(", ") || "no request";
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
