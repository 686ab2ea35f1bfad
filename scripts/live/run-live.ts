import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { MOCKED_SPEC, startPrism } from "../contract/prism.ts";
import type { CaseResult, Suite, SuiteOutcome } from "../contract/suite.ts";
import { SpecError } from "../spec/spec-error.ts";
import { startGate, type Exchange } from "./gate.ts";
import { redact } from "./redact.ts";

export interface LiveOptions {
  /** The suites to run through the proxy (claims, operations, …), by name. */
  suites: Record<string, Suite>;
  /** Send requests that change state too. Off by default. */
  allowWrites?: boolean;
  /** Base URL of the real server; default QSTASH_URL. */
  upstream?: string;
  /** Default QSTASH_TOKEN. Never printed. */
  token?: string;
  /** The corrected description Prism validates against. */
  spec?: string;
}

export interface LiveResult {
  /** What Prism's proxy found: every request or answer that breaks the spec, and what was skipped. */
  live: SuiteOutcome;
  /** The suites' own outcomes, run against the live server. */
  suites: SuiteOutcome[];
}

/**
 * `npm run verify -- --live`: the suites run unchanged, but their base URL leads through a gate
 * (which holds back state-changing calls unless allowed) to `prism proxy`, which validates every
 * request and every answer of the real server against the spec.
 */
export async function runLive(options: LiveOptions): Promise<LiveResult> {
  const upstream = options.upstream ?? process.env.QSTASH_URL;
  const token = options.token ?? process.env.QSTASH_TOKEN;
  if (!upstream) throw new SpecError("environment", "", "QSTASH_URL is not set", "export QSTASH_URL=https://qstash.upstash.io (or your region's base URL)");
  if (!token) throw new SpecError("environment", "", "QSTASH_TOKEN is not set", "export QSTASH_TOKEN with a token of the account to check (it is never printed)");
  const spec = options.spec ?? MOCKED_SPEC;
  const allowWrites = options.allowWrites ?? false;
  const description = JSON.parse(readFileSync(spec, "utf8"));
  const prism = await startPrism({ mode: "proxy", spec, upstream });
  const gate = await startGate({ prismUrl: prism.url, description, allowWrites, token });
  const outcomes: SuiteOutcome[] = [];
  const started = performance.now();
  try {
    for (const [name, suite] of Object.entries(options.suites)) {
      const outcome = await suite({ baseUrl: gate.url, token, mode: "live", description });
      outcomes.push(scrub({ ...outcome, suite: `${name} (live)` }, token));
    }
  } finally {
    await gate.stop();
    await prism.stop();
  }
  const live = liveOutcome(gate.exchanges, allowWrites, redact(upstream, token), performance.now() - started);
  return { live: scrub(live, token), suites: outcomes };
}

function liveOutcome(exchanges: Exchange[], allowWrites: boolean, upstream: string, durationMs: number): SuiteOutcome {
  const cases: CaseResult[] = [];
  const per = (exchange: Exchange, index: number, suffix: string) => `${exchange.operation}#${index}:${suffix}`;
  exchanges.forEach((exchange, index) => {
    const call = `${exchange.method} ${exchange.target} → ${exchange.status}`;
    if (exchange.responseViolations.length > 0) {
      cases.push({ id: per(exchange, index, "response"), group: exchange.operation, name: "the server's answer breaks the spec", ok: false, evidence: [call, ...exchange.responseViolations], durationMs: 0 });
    }
    if (exchange.refusedValid) {
      cases.push({ id: per(exchange, index, "refused"), group: exchange.operation, name: "the server refused a request the spec accepts", ok: false, evidence: [call, exchange.refusedValid], consequence: "the server needs something the spec does not say (a header, a parameter, a format)", durationMs: 0 });
    }
    if (exchange.requestViolations.length > 0) {
      // Sent on purpose by claims that probe what a stale page says; Prism refused it before the server saw it.
      cases.push({ id: per(exchange, index, "request"), group: exchange.operation, name: "a suite sent a request outside the spec (not forwarded)", ok: true, evidence: [call, ...exchange.requestViolations], durationMs: 0 });
    }
  });
  const skipped = [...new Set(exchanges.filter((e) => e.skipped).map((e) => `${e.operation}\t${e.skipReason}`))].sort();
  for (const entry of skipped) {
    const [operation, reason] = entry.split("\t");
    const name = reason === "acts on everything" ? "skipped: no ids and no filter, so it would act on every message (never sent live)" : "skipped: changes state (pass --allow-writes to run it)";
    const count = exchanges.filter((e) => e.skipped && e.operation === operation && e.skipReason === reason).length;
    cases.push({ id: `${operation}:skipped:${reason.replace(/ /g, "-")}`, group: operation, name, ok: true, evidence: [`${count} request(s) held back`], durationMs: 0 });
  }
  const broken = cases.filter((c) => !c.ok);
  const forwarded = exchanges.filter((e) => !e.skipped).length;
  const summary = [
    `live: ${exchanges.length} request(s) to ${upstream} through prism proxy, ${forwarded} forwarded; ${broken.length} break the spec; ${skipped.length} operation(s) skipped${allowWrites ? "" : " (read-only)"}`,
    ...broken.map((c) => `  ✖ ${c.group}: ${c.name} — ${c.evidence.slice(1).join("; ")}`),
    ...skipped.map((entry) => `  ⏭ ${entry.replace("\t", ": skipped (")})`),
  ].join("\n");
  const markdown = [
    "## Live run through Prism's validating proxy",
    "",
    `Upstream: \`${upstream}\`. ${allowWrites ? "Writes allowed." : "Read-only: operations that change state were not sent."}`,
    "",
    broken.length === 0 ? "No request or answer broke the spec." : "| Operation | Finding | Evidence |\n|---|---|---|\n" + broken.map((c) => `| \`${c.group}\` | ${c.name} | ${c.evidence.join("; ").replace(/\|/g, "\\|")} |`).join("\n"),
    "",
    skipped.length ? `Skipped (change state): ${skipped.map((s) => `\`${s}\``).join(", ")}.` : "Nothing skipped.",
    "",
  ].join("\n");
  return { suite: "live", cases, markdown, summary, data: { upstream, allowWrites, skipped, exchanges: exchanges.length, durationMs } };
}

/** A last pass over everything bound for a report: the token must not be in it in any form. */
function scrub<T>(value: T, token: string): T {
  return JSON.parse(redact(JSON.stringify(value), token)) as T;
}
