import type { CaseResult, SuiteOutcome } from "../contract/suite.ts";
import type { CleanupResult } from "./cleanup.ts";
import type { Exchange } from "./gate.ts";

type HeldBackReason = NonNullable<Exchange["heldBack"]>;

/** What each reason for holding a call back means, as the report says it. */
const HOLD_MEANING: Record<HeldBackReason, string> = {
  "acts on everything": "no ids and no filter the spec reads: it would act on everything, never sent live",
  "cannot be undone": "nothing undoes it, never sent live",
  "changes state": "pass --allow-writes to send it",
  "method override": "it claims another method than its own",
  "not in the spec": "no operation of the spec takes it",
  "malformed target": "not a plain path and query",
  "resource not the run's": "it would change something the run did not create",
  "deprecated parameter": "prism proxy refuses deprecated parameters, which the spec allows",
};

const WRITES_NOTE = "Writes allowed; what the run created was deleted at the end.";
const READ_ONLY_NOTE = "Read-only: operations that change state were not sent.";
const FINDINGS_HEAD = "| Operation | Finding | Evidence |\n|---|---|---|";

export interface LiveRun {
  exchanges: Exchange[];
  cleanup: CleanupResult[];
  allowWrites: boolean;
  /** The server's base URL, token removed. */
  upstream: string;
  durationMs: number;
}

/**
 * The live section of the reports: what the server's answers broke, what it refused, what the gate
 * held back (never a failure: the suites score those cases unverifiable), and what the clean-up did.
 */
export function liveOutcome(run: LiveRun): SuiteOutcome {
  const heldBack = groupHeldBack(run.exchanges);
  const cases = [...exchangeCases(run), ...heldBackCases(heldBack), ...cleanupCases(run.cleanup)];
  const broken = cases.filter((c) => !c.ok);
  const forwarded = run.exchanges.filter((e) => !e.heldBack).length;
  const left = run.cleanup.filter((c) => c.outcome === "left behind").length;
  const cleaned = run.cleanup.length - left;
  const created = run.cleanup.length;
  const cleanupLine = run.allowWrites
    ? `cleanup: ${created} created, ${cleaned} deleted or already gone, ${left} left behind`
    : "";
  const mode = run.allowWrites ? "" : " (read-only)";
  const summary = [
    `live: ${run.exchanges.length} request(s) to ${run.upstream} through prism proxy, ${forwarded} forwarded, ` +
      `${run.exchanges.length - forwarded} held back${mode}; ${broken.length} finding(s)`,
    // An exchange's first evidence line is the call itself, already named by the group.
    ...broken.map((c) => `  ✖ ${c.group}: ${c.name} — ${c.evidence.slice(c.id.includes("#") ? 1 : 0).join("; ")}`),
    ...heldBack.map((h) => `  ⏭ ${h.operation}: held back (${h.reason}) ×${h.count}`),
    ...(cleanupLine ? [`  ${cleanupLine}`] : []),
  ].join("\n");
  const findings = broken.map((c) => `| \`${c.group}\` | ${c.name} | ${c.evidence.join("; ").replace(/\|/g, "\\|")} |`);
  const held = heldBack.map((h) => `\`${h.operation}\` (${h.reason}, ×${h.count})`);
  const markdown = [
    "## Live run through Prism's validating proxy",
    "",
    `Upstream: \`${run.upstream}\`. ${run.allowWrites ? WRITES_NOTE : READ_ONLY_NOTE}`,
    "",
    findings.length === 0 ? "No request or answer broke the spec." : [FINDINGS_HEAD, ...findings].join("\n"),
    "",
    held.length ? `Held back (the suites score these cases unverifiable): ${held.join(", ")}.` : "Nothing held back.",
    ...(cleanupLine ? ["", `${cleanupLine[0].toUpperCase()}${cleanupLine.slice(1)}.`] : []),
    "",
  ].join("\n");
  const { upstream, allowWrites, cleanup, durationMs } = run;
  const data = { upstream, allowWrites, forwarded, heldBack, cleanup, exchanges: run.exchanges.length, durationMs };
  return { suite: "live", cases, markdown, summary, data };
}

/** Per exchange: an answer that breaks the spec, a valid request the server refused, a request Prism refused. */
function exchangeCases(run: LiveRun): CaseResult[] {
  const cases: CaseResult[] = [];
  const add = (
    exchange: Exchange,
    index: number,
    suffix: string,
    fields: Omit<CaseResult, "id" | "group" | "durationMs">,
  ) =>
    cases.push({ id: `${exchange.operation}#${index}:${suffix}`, group: exchange.operation, durationMs: 0, ...fields });
  run.exchanges.forEach((exchange, index) => {
    const call = `${exchange.method} ${exchange.target} → ${exchange.status}`;
    if (exchange.responseViolations.length > 0) {
      const evidence = [call, ...exchange.responseViolations];
      add(exchange, index, "response", { name: "the server's answer breaks the spec", ok: false, evidence });
    }
    if (exchange.refusedValid) {
      const consequence = "the server needs something the spec does not say (a header, a parameter, a format)";
      const evidence = [call, exchange.refusedValid];
      add(exchange, index, "refused", {
        name: "the server refused a request the spec accepts",
        ok: false,
        evidence,
        consequence,
      });
    }
    if (exchange.requestViolations.length > 0) {
      // Sent on purpose by claims that probe what a stale page says; Prism refused it before the server saw it.
      const name = "a suite sent a request outside the spec (not forwarded)";
      add(exchange, index, "request", { name, ok: true, evidence: [call, ...exchange.requestViolations] });
    }
  });
  const unreachable = run.exchanges.filter((e) => e.unreachable);
  if (unreachable.length > 0) {
    const first = `${unreachable[0].method} ${unreachable[0].target}`;
    const evidence = [`${unreachable.length} request(s) got no answer from ${run.upstream}; first: ${first}`];
    const name = "the upstream could not be reached during the run";
    cases.push({ id: "upstream:unreachable", group: "upstream", name, ok: false, evidence, durationMs: 0 });
  }
  const failed = run.exchanges.filter((e) => e.proxyFailure);
  if (failed.length > 0) {
    const first = `${failed[0].method} ${failed[0].target}: ${failed[0].proxyFailure}`;
    const evidence = [`${failed.length} request(s) could not be handed to prism proxy; first: ${first}`];
    cases.push({
      id: "proxy:failed",
      group: "prism proxy",
      name: "prism proxy failed during the run",
      ok: false,
      evidence,
      durationMs: 0,
    });
  }
  return cases;
}

interface HeldBackGroup {
  operation: string;
  reason: HeldBackReason;
  count: number;
  /** Up to three of the calls, each with what made it dangerous. */
  details: string[];
}

function heldBackCases(groups: HeldBackGroup[]): CaseResult[] {
  return groups.map(({ operation, reason, count, details }) => ({
    id: `${operation}:held-back:${reason.replace(/ /g, "-")}`,
    group: operation,
    name: `held back: ${reason} (${HOLD_MEANING[reason]})`,
    ok: true,
    evidence: [`${count} request(s) held back`, ...details],
    durationMs: 0,
  }));
}

function cleanupCases(cleanup: CleanupResult[]): CaseResult[] {
  return cleanup.map((item) => {
    const ok = item.outcome !== "left behind";
    return {
      id: `cleanup:${item.kind}:${item.name}`,
      group: "cleanup",
      name: `${item.kind} ${item.name} (created by ${item.by}): ${item.outcome}`,
      ok,
      evidence: [item.detail],
      ...(ok ? {} : { consequence: `still on the account: delete it with ${item.undo}` }),
      durationMs: 0,
    };
  });
}

function groupHeldBack(exchanges: Exchange[]): HeldBackGroup[] {
  const groups = new Map<string, HeldBackGroup>();
  for (const exchange of exchanges) {
    if (!exchange.heldBack) continue;
    const key = `${exchange.operation}\t${exchange.heldBack}`;
    const group = groups.get(key) ?? {
      operation: exchange.operation,
      reason: exchange.heldBack,
      count: 0,
      details: [],
    };
    group.count += 1;
    const why = exchange.heldBackDetail ? ` (${exchange.heldBackDetail})` : "";
    if (group.details.length < 3) group.details.push(`${exchange.method} ${exchange.target}${why}`);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) =>
    `${a.operation}\t${a.reason}`.localeCompare(`${b.operation}\t${b.reason}`),
  );
}
