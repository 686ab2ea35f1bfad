import { performance } from "node:perf_hooks";
import type { CaseResult } from "../suite.ts";
import type { Claim } from "./catalog.ts";
import type { CheckContext } from "./check-context.ts";
import { exampleRequestConformance } from "./checks/example-request-conformance.ts";
import { parameterConformance } from "./checks/parameter-conformance.ts";
import { requestBodyConformance } from "./checks/request-body-conformance.ts";
import { responseExampleConformance } from "./checks/response-example-conformance.ts";
import { responseFieldConformance } from "./checks/response-field-conformance.ts";
import { securityConformance } from "./checks/security-conformance.ts";
import { semanticsOnMock } from "./checks/semantics-on-mock.ts";
import { serverConformance } from "./checks/server-conformance.ts";
import { statusConformance } from "./checks/status-conformance.ts";
import { wireFormConformance } from "./checks/wire-form-conformance.ts";
import type { CheckOutcome } from "./outcome.ts";

/** One named check per kind of claim. */
export const CHECKS: Record<Claim["kind"], (claim: Claim, context: CheckContext) => Promise<CheckOutcome>> = {
  parameter: parameterConformance,
  body: requestBodyConformance,
  response: responseFieldConformance,
  "response-example": responseExampleConformance,
  status: statusConformance,
  example: exampleRequestConformance,
  server: serverConformance,
  security: securityConformance,
  semantics: semanticsOnMock,
  "wire-form": wireFormConformance,
};

export interface ClaimResult extends CaseResult {
  claim: Claim;
  impact?: CheckOutcome["impact"];
}

/** Runs a claim's check and compares its verdict with the one the catalog expects. */
export async function runClaim(claim: Claim, context: CheckContext): Promise<ClaimResult> {
  const started = performance.now();
  const outcome = await CHECKS[claim.kind](claim, context);
  const evidence = outcome.evidence.map((line) => line.split(context.token).join("<token>"));
  return {
    id: claim.id,
    group: claim.page.title,
    name: claim.statement,
    ok: outcome.verdict === claim.verdict,
    verdict: outcome.verdict,
    expected: claim.verdict,
    evidence,
    consequence: outcome.consequence,
    impact: outcome.impact,
    claim,
    durationMs: Math.round(performance.now() - started),
  };
}
