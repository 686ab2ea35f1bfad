import { performance } from "node:perf_hooks";
import type { Verdict } from "../suite.ts";
import { checkContext, type CheckContext } from "../claims/check-context.ts";
import * as say from "../claims/consequence.ts";
import { conclude, unverifiable, type CheckOutcome } from "../claims/outcome.ts";
import { runClaim, type ClaimResult } from "../claims/run-claim.ts";
import { declaredStatuses, findOperation } from "../claims/spec-lookup.ts";
import type { MinedClaim } from "./mined-catalog.ts";
import { replayTarget, replayUrl, resolveOperation, type Resolved } from "./resolve.ts";
import { shellConformance, type ShellClaim } from "./shell-check.ts";
import { MINED_CHECKS } from "./mined-checks.ts";
import { reachFinding } from "./reach-check.ts";
import { STRICT_CHECK } from "./strict-hook.ts";

export interface DocsResult extends ClaimResult {
  catalog: string;
  claim: MinedClaim;
  /** The spec operation the page's method and path reach, if any. */
  reached?: string;
  /** The verdict the catalog accepted; undefined for a claim not accepted yet. */
  accepted?: Verdict;
}

/** Kinds whose check reads the operation from the spec; an operation the spec lacks decides them. */
const NEEDS_OPERATION = new Set(["parameter", "body", "response", "response-example", "status", "security"]);

/**
 * Judges one mined claim with the hand-written catalog's checks: the page's path is mapped onto
 * the spec's operation, a status the page does not state becomes the spec's success status, and
 * the verdict is compared with the accepted one (a claim never accepted fails nothing).
 */
export async function judgeMinedClaim(
  claim: MinedClaim,
  context: CheckContext,
  catalog: string,
  accepted?: Verdict,
): Promise<DocsResult> {
  const started = performance.now();
  const resolved = resolveOperation(context.description, claim.operation);
  const prepared = prepare(claim, resolved, context);
  let result: ClaimResult;
  const minedCheck = MINED_CHECKS[claim.kind];
  if (minedCheck) {
    result = resultOf(claim, await minedCheck(claim, context), context, started);
  } else if (claim.kind === ("shell" as MinedClaim["kind"])) {
    const actual = (claim as ShellClaim).actual;
    const target =
      actual === "nothing"
        ? ""
        : replayTarget(
            actual.url,
            resolveOperation(context.description, `${actual.method} ${new URL(actual.url).pathname}`),
          );
    result = resultOf(prepared, await shellConformance(prepared as ShellClaim, context, target), context, started);
  } else if (NEEDS_OPERATION.has(claim.kind) && !resolved.key) {
    const [method, path] = claim.operation.split(" ");
    result = resultOf(
      prepared,
      conclude([say.noSuchRoute(method, path)], [`spec: no operation answers ${claim.operation}`]),
      context,
      started,
    );
  } else {
    result = await runClaim(prepared, context).catch((error: Error) =>
      // A check that cannot read the spec for this claim (a $ref it does not follow) decides nothing.
      resultOf(
        prepared,
        unverifiable(`the ${claim.kind} check could not run on this operation: ${error.message}`, []),
        context,
        started,
      ),
    );
    if (claim.kind === "example" && resolved.key) result = strictly(result, claim, resolved, context);
    if (claim.kind === "example" && claim.documents) result = reaching(result, claim, resolved, context);
  }
  const source = `page: ${claim.page.seed}:${claim.source.line}${claim.source.snippet ? ` (from ${claim.source.snippet}:${claim.source.snippetLine})` : ""}`;
  return {
    ...result,
    id: `${catalog}:${claim.id}`,
    group: `${catalog}: ${claim.page.seed}`,
    evidence: [
      source,
      ...(resolved.key && resolved.key !== claim.operation ? [`spec operation: ${resolved.key}`] : []),
      ...result.evidence,
    ],
    ok: accepted === undefined || result.verdict === accepted,
    expected: accepted,
    accepted,
    catalog,
    claim,
    reached: resolved.key,
  };
}

/** The claim as the checks expect it: the spec's operation, a status, the destination as one segment. */
function prepare(claim: MinedClaim, resolved: Resolved, context: CheckContext): MinedClaim {
  const op = resolved.key ? findOperation(context.description, resolved.key) : undefined;
  const success = Number(op ? (declaredStatuses(op).find((s) => s.startsWith("2")) ?? 200) : 200);
  const prepared: MinedClaim = { ...claim, operation: resolved.key ?? claim.operation, verdict: "holds" };
  if (claim.example) {
    prepared.example = { ...claim.example, url: replayUrl(claim.example.url, resolved) };
    prepared.expect = claim.expect ?? { status: success };
  }
  if (claim.response && claim.response.status === undefined) prepared.response = { ...claim.response, status: success };
  return prepared;
}

function resultOf(claim: MinedClaim, outcome: CheckOutcome, context: CheckContext, started: number): ClaimResult {
  return {
    id: claim.id,
    group: claim.page.title,
    name: claim.statement,
    ok: true,
    verdict: outcome.verdict,
    evidence: outcome.evidence.map((line) => line.split(context.token).join("<token>")),
    consequence: outcome.consequence,
    impact: outcome.impact,
    claim,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Adds the finding of an example that reaches another call than the one its page documents. */
function reaching(result: ClaimResult, claim: MinedClaim, resolved: Resolved, context: CheckContext): ClaimResult {
  const finding = reachFinding(context.description, claim.documents!, resolved.key, claim.example!.language);
  if (!finding) return result;
  const earlier =
    result.verdict === "contradicted" ? [{ impact: result.impact!, consequence: result.consequence! }] : [];
  const outcome = conclude([finding, ...earlier], [...result.evidence, `the page documents ${claim.documents}`]);
  return { ...result, ...outcome };
}

/** Adds what the strict request check finds (undeclared query parameters and headers) to an example's verdict. */
function strictly(result: ClaimResult, claim: MinedClaim, resolved: Resolved, context: CheckContext): ClaimResult {
  const example = claim.example!;
  const findings = STRICT_CHECK(
    {
      method: example.method,
      target: replayTarget(claim.example!.url, resolved),
      headers: example.headers,
      operation: resolved.key!,
    },
    context.description,
  );
  if (!findings.length) return result;
  const outcome = conclude(
    [
      ...findings,
      ...(result.verdict === "contradicted" ? [{ impact: result.impact!, consequence: result.consequence! }] : []),
    ],
    result.evidence,
  );
  return { ...result, verdict: outcome.verdict, impact: outcome.impact, consequence: outcome.consequence };
}

export { checkContext };
