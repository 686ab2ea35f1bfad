import { describeObservation } from "../claims/observation.ts";
import { describeFinding, type StrictFinding } from "../strict-check.ts";
import type { Exchange } from "./recorder.ts";

/**
 * One judge for every SDK request, live or captured: the strict check's findings, plus what the mock
 * refused that the strict check does not already name, plus a call that failed on its own side.
 * A request with no finding holds; every finding must be explained (explanations.ts) or the run fails.
 */

/** What the SDK call did besides its requests: the error a caller would catch, if any. */
export interface CallOutcome {
  exchanges: Exchange[];
  /** The message the SDK threw, token removed; undefined when the call returned. */
  error?: string;
}

export interface ClientFinding extends Omit<StrictFinding, "kind"> {
  kind: StrictFinding["kind"] | "mock-refused" | "no-request" | "sdk-error";
  /** The request (index into the case's exchanges) the finding is about; undefined for the call itself. */
  exchange?: number;
}

/** Strict findings that already account for the mock refusing the request. */
const REFUSING_KINDS = new Set(["no-route", "method-not-allowed", "body-not-allowed", "content-type-not-declared"]);

export function findingsOf(outcome: CallOutcome): ClientFinding[] {
  const findings: ClientFinding[] = [];
  outcome.exchanges.forEach((exchange, index) => {
    const strict = exchange.strict.findings.map((f) => ({ ...f, exchange: index }));
    findings.push(...strict);
    const refused =
      exchange.mock.status >= 400 && !exchange.heldBack && !strict.some((f) => REFUSING_KINDS.has(f.kind));
    if (refused) findings.push(mockRefused(exchange, index));
  });
  if (!outcome.exchanges.length) {
    findings.push({
      kind: "no-request",
      operation: "(none)",
      place: "the call sent no request",
      fix: outcome.error ? `the SDK refused the call before sending: ${outcome.error}` : "check the call's arguments",
    });
  } else if (outcome.error && outcome.exchanges.every((e) => e.mock.status < 400)) {
    findings.push({
      kind: "sdk-error",
      operation: outcome.exchanges[0].strict.operation ?? "(none)",
      name: outcome.error,
      place: "the SDK's handling of the answer",
      fix: "compare the answer the spec gives with what the SDK reads",
    });
  }
  return findings;
}

function mockRefused(exchange: Exchange, index: number): ClientFinding {
  const message =
    exchange.mock.violations.map((v) => v.message).join("; ") ||
    exchange.mock.problem ||
    `status ${exchange.mock.status}`;
  return {
    kind: "mock-refused",
    operation: exchange.strict.operation ?? `${exchange.request.method} ${exchange.request.path}`,
    name: message,
    place: `the mock's answer ${exchange.mock.status} to ${exchange.request.method} ${exchange.request.path}`,
    fix: "send what the spec declares, or correct the spec",
    exchange: index,
  };
}

/** Evidence lines: each request as sent, the mock's verdict, the strict check's findings, the SDK's error. */
export function evidenceOf(outcome: CallOutcome, findings: ClientFinding[], captured = false): string[] {
  const lines: string[] = [];
  const label = captured ? "request (names from the SDK's source, values sampled from the spec)" : "request";
  outcome.exchanges.forEach((exchange, index) => {
    const target = `${exchange.request.method} ${targetOf(exchange)}`;
    const body = exchange.request.body ? ` · body ${bodyNote(exchange.request.body.text)}` : "";
    lines.push(`${label}: ${target}${headerList(exchange)}${body}`);
    const folded = exchange.forwardedPath !== exchange.request.path;
    const forwarded = folded ? ` (destination folded into one segment: ${exchange.forwardedPath})` : "";
    const heldBack = `held back by the live gate (${exchange.heldBack}); not sent`;
    const answer = exchange.heldBack ? heldBack : describeObservation(target, exchange.mock);
    lines.push(`mock: ${answer}${forwarded}`);
    const strict = findings.filter((f) => f.exchange === index && f.kind !== "mock-refused");
    lines.push(
      strict.length ? `strict: ${strict.map((f) => describeFinding(f as StrictFinding)).join("; ")}` : "strict: clean",
    );
  });
  if (outcome.error) lines.push(`the SDK threw: ${outcome.error}`);
  for (const f of findings.filter((f) => f.exchange === undefined)) lines.push(`${f.kind}: ${f.place} (${f.fix})`);
  return lines;
}

function targetOf(exchange: Exchange): string {
  const query = exchange.request.query.map(([k, v]) => `${k}=${v}`).join("&");
  return query ? `${exchange.request.path}?${query}` : exchange.request.path;
}

function headerList(exchange: Exchange): string {
  const names = Object.keys(exchange.request.headers);
  return names.length ? ` · headers ${names.join(", ")}` : "";
}

function bodyNote(text: string | undefined): string {
  if (text === undefined) return "(bytes)";
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
