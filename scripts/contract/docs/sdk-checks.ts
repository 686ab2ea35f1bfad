import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CapturedRequest } from "../../captures/capture-types.ts";
import type { CheckContext } from "../claims/check-context.ts";
import { conclude, unverifiable, type CheckOutcome, type Finding } from "../claims/outcome.ts";
import { sendRaw } from "../claims/send.ts";
import { concreteRequest } from "../clients/captured.ts";
import { explain, loadExplanations, type ExplanationCatalog } from "../clients/explanations.ts";
import { evidenceOf, findingsOf, type ClientFinding } from "../clients/judge.ts";
import { strictCheck } from "../strict-check.ts";
import type { MinedClaim } from "./mined-catalog.ts";

/**
 * The SDK example snippets' claims. A snippet was compiled against the SDK it shows (or its Python
 * calls checked against the SDK's signatures) when the catalog was mined: the diagnostics are facts of
 * that SDK version, so they are judged only against the same version installed now. Each request a
 * snippet sends goes through the clients suite's judge (the strict check and the mock), and each
 * finding the clients suite already explains is the SDK's, with its explanation's word on who is wrong.
 */

interface SnippetFacts {
  language: "typescript" | "python";
  sdk: string;
  calls: string[];
  elided?: string[];
  diagnostics?: { line: number; code: number; message: string; at?: string }[];
  problems?: { line: number; call: string; problem: string }[];
  run?: { requests: number; stopped?: string };
}

/** Diagnostics whose code throws when the snippet runs as JavaScript: a member or a call that is not there. */
const THROWS = new Set([2339, 2349, 2348, 2551, 2554, 2555, 2576, 2693]);
/** A run that ended in one of these threw where the page's code is wrong, not where the mock answered. */
const RUNTIME_TYPE_ERROR = /Cannot read propert|is not a function|is not a constructor|without 'new'|is not iterable/;

export async function sdkSnippetConformance(claim: MinedClaim): Promise<CheckOutcome> {
  const facts = claim.snippet as unknown as SnippetFacts;
  const evidence = [
    `snippet: lines ${(claim.snippet as { lines: number[] }).lines.join("-")}, calls ${facts.calls.join(", ") || "nothing of the SDK"}`,
    ...(facts.elided?.length ? [`left-out context declared for it: ${facts.elided.join(", ")}`] : []),
    ...(facts.run
      ? [
          `run on the mock: ${facts.run.requests} request(s)${facts.run.stopped ? `, stopped: ${facts.run.stopped}` : ""}`,
        ]
      : []),
  ];
  const stale = staleSdk(facts.sdk);
  if (stale) return unverifiable(stale, evidence);
  if (facts.language === "python") {
    const problems = facts.problems ?? [];
    evidence.push(...problems.map((p) => `line ${p.line}: ${p.problem}`));
    if (!problems.length) return conclude([], evidence);
    return conclude(
      [
        {
          impact: "breaks",
          consequence: `The page's Python does not fit ${facts.sdk}: ${problems.map((p) => `line ${p.line}, ${p.problem}`).join("; ")}. Copied as shown it raises AttributeError or TypeError; the page is behind (or ahead of) the SDK it shows.`,
        },
      ],
      evidence,
    );
  }
  // One line per place: a diagnostic repeated at the same place (both sides of an `&&`) says nothing more.
  const diagnostics = (facts.diagnostics ?? []).filter(
    (d, i, all) => all.findIndex((o) => o.line === d.line && o.message === d.message) === i,
  );
  evidence.push(...diagnostics.map((d) => `line ${d.line}: TS${d.code} ${d.message}`));
  if (!diagnostics.length) return conclude([], evidence);
  const throws = diagnostics.some((d) => THROWS.has(d.code)) || RUNTIME_TYPE_ERROR.test(facts.run?.stopped ?? "");
  const where = diagnostics.map((d) => `line ${d.line}${d.at ? ` (\`${d.at}\`)` : ""}: ${d.message.split(". ")[0]}`);
  const finding: Finding = throws
    ? {
        impact: "breaks",
        consequence: `The snippet does not compile against ${facts.sdk} (${where.join("; ")}), and run as JavaScript it throws there: the page is behind (or ahead of) the SDK it shows.`,
      }
    : {
        impact: "misleads",
        consequence: `The snippet does not compile against ${facts.sdk} in strict mode (${where.join("; ")}): a TypeScript reader gets a type error, and in JavaScript the value is passed as the page shows, which the SDK does not take.`,
      };
  return conclude([finding], evidence);
}

let explanations: ExplanationCatalog | undefined;

export async function sdkRequestConformance(claim: MinedClaim, context: CheckContext): Promise<CheckOutcome> {
  const sdk = claim.sdk as { package: string; version: string; call?: string; source?: { file: string; line: number } };
  const stale = sdk.package === "qstash-py" ? undefined : staleSdk(`${sdk.package}@${sdk.version}`);
  if (stale) return unverifiable(stale, []);
  const request = claim.example
    ? fromRecording(claim.example)
    : fromCapture(context, claim.capture as unknown as CapturedRequest);
  const strict = strictCheck(context.description, {
    method: request.method,
    path: request.path,
    query: request.query,
    headers: request.headers,
    ...(request.body !== undefined ? { body: { text: request.body } } : {}),
  });
  const search = new URLSearchParams(request.query).toString();
  const mock = await sendRaw(context, {
    method: request.method,
    target: `${strict.canonicalPath}${search ? `?${search}` : ""}`,
    headers: request.headers,
    body: request.body,
  });
  const exchange = {
    request: {
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers,
      auth: "bearer" as const,
      ...(request.body !== undefined ? { body: { text: request.body } } : {}),
    },
    forwardedPath: strict.canonicalPath,
    strict,
    mock,
  };
  const findings = findingsOf({ exchanges: [exchange] });
  const evidence = evidenceOf({ exchanges: [exchange] }, findings, claim.capture !== undefined);
  if (sdk.source) evidence.push(`source: qstash-py ${sdk.source.file}:${sdk.source.line}`);
  explanations ??= loadExplanations();
  const judged = findings.map((finding) => ({ finding, explanation: explain(explanations!, sdk.package, finding) }));
  for (const { explanation } of judged)
    if (explanation) evidence.push(`explained (${explanation.id}, ${explanation.who}): ${explanation.summary}`);
  // What the SDK is known to send on its own and harms no one (telemetry) is not the page's doing.
  const counted = judged.filter(({ explanation }) => explanation?.impact !== "harmless");
  return conclude(
    counted.map(({ finding, explanation }) => findingOf(finding, explanation, sdk.package)),
    evidence,
  );
}

function findingOf(finding: ClientFinding, explanation: ReturnType<typeof explain>, sdk: string): Finding {
  if (explanation)
    return {
      impact: explanation.impact === "breaks" ? "breaks" : "misleads",
      consequence: `${explanation.consequence} (${explanation.who === "spec" ? "the spec was silent" : `${sdk} is wrong, not the page`}: ${explanation.id}).`,
    };
  const refused = ["no-route", "method-not-allowed", "body-not-allowed", "mock-refused"].includes(finding.kind);
  return {
    impact: refused ? "breaks" : "misleads",
    consequence: refused
      ? `The page's call makes ${sdk} send a request the spec refuses (${finding.place}): a server that follows the spec answers with an error.`
      : `The page's call makes ${sdk} send ${finding.place}, which the spec does not declare: a server that follows the spec ignores it.`,
  };
}

interface Replayed {
  method: string;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body?: string;
}

function fromRecording(example: NonNullable<MinedClaim["example"]>): Replayed {
  const url = new URL(example.url);
  // The path as the SDK sent it: a destination stays unencoded, as in the recording.
  const path = example.url.replace(/^https?:\/\/[^/]+/, "").split("?")[0];
  return {
    method: example.method,
    path,
    query: [...url.searchParams],
    headers: example.headers,
    ...(example.body !== undefined ? { body: example.body } : {}),
  };
}

function fromCapture(context: CheckContext, capture: CapturedRequest): Replayed {
  const concrete = concreteRequest(context.description, { request: capture } as never);
  const [path, search = ""] = concrete.target.split("?");
  return {
    method: concrete.method,
    path,
    query: [...new URLSearchParams(search)],
    headers: concrete.headers,
    ...(concrete.body !== undefined ? { body: concrete.body } : {}),
  };
}

/** A snippet's facts hold for the SDK version they were taken with; another installed version needs a new mining. */
function staleSdk(sdk: string): string | undefined {
  const match = /^(@upstash\/[\w-]+)@(.+)$/.exec(sdk);
  if (!match) return undefined;
  const installed = JSON.parse(readFileSync(join("node_modules", match[1], "package.json"), "utf8")).version;
  return installed === match[2]
    ? undefined
    : `mined against ${sdk}, but ${match[1]}@${installed} is installed: run npm run mine again to judge the snippet against it`;
}
