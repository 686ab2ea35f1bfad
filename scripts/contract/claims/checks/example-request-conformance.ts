import type { Claim } from "../catalog.ts";
import { factsFor, summaryOf, type CheckContext } from "../check-context.ts";
import * as say from "../consequence.ts";
import { describeObservation } from "../observation.ts";
import { conclude, type CheckOutcome, type Finding } from "../outcome.ts";
import { bulkScope, queryOf } from "../../scope.ts";
import { sendRaw } from "../send.ts";
import { findOperation, matchOperation } from "../spec-lookup.ts";

/**
 * A page shows a request (curl, or what a snippet really puts on the wire). It is replayed
 * byte for byte against the mock, with only the host swapped and the token filled in. The
 * status must be the one the page expects, and on a bulk operation the call must target what
 * the page means to target.
 */
export async function exampleRequestConformance(claim: Claim, context: CheckContext): Promise<CheckOutcome> {
  const example = claim.example!;
  const url = new URL(example.url.replace("{region}", "region"));
  const target = `${decodeURIComponent(url.pathname)}${url.search}`;
  const op = matchOperation(context.description, example.method, url.pathname);
  const findings: Finding[] = [];
  const observed = await sendRaw(context, {
    method: example.method,
    target,
    headers: example.headers,
    body: example.body,
  });
  const evidence = [
    describeObservation(
      `${example.language}: ${example.method} ${target}${example.body ? ` with body ${example.body}` : ""}`,
      observed,
    ),
  ];

  if (!op) findings.push(say.noSuchRoute(example.method, url.pathname));
  if (observed.status !== claim.expect!.status) {
    const refusedBody = observed.violations.some((v) => v.code === 415);
    const badJson = observed.text.includes("invalid_json");
    if (refusedBody) findings.push(say.bodyNotInSpec(claim.operation, observed.status));
    else if (badJson) findings.push(say.bodyNotParsable(observed.status));
    else if (op) findings.push(say.statusDiffers(claim.expect!.status, observed.status));
  }
  // A call that reaches no operation does nothing; only a routed call has a scope.
  const intended = op && findOperation(context.description, claim.operation);
  const scope = intended ? bulkScope(factsFor(context, intended), queryOf(target)) : undefined;
  const summary = intended ? summaryOf(intended) : claim.operation;
  if (scope === "everything" && claim.intent) findings.push(say.actsOnEverything(summary, claim.intent));
  if (scope)
    evidence.push(
      `scope: by the spec, this call targets ${scope === "everything" ? "every message" : `the ${scope} it names`}`,
    );
  return conclude(
    findings,
    evidence,
    scope === "everything" && !claim.intent ? say.everythingNote(summary) : undefined,
  );
}
