import type { OpenApiDocument } from "../../spec/build.ts";
import type { Finding, Impact } from "../claims/outcome.ts";
import { strictCheck, type StrictFindingKind } from "../strict-check.ts";

/**
 * Prism ignores query parameters and headers that the spec does not declare; the strict request
 * check (scripts/contract/strict-check.ts) does not. The docs suite hands every replayed example
 * to STRICT_CHECK and adds what it finds to the example's verdict.
 */
export interface StrictRequest {
  method: string;
  /** Path and query as sent, e.g. `/v2/publish/https%3A%2F%2Fexample.com?x=1`. */
  target: string;
  headers: Record<string, string>;
  /** The spec operation the request reaches, `POST /v2/publish/{destination}`. */
  operation: string;
}

export type StrictCheck = (request: StrictRequest, description: OpenApiDocument) => Finding[];

/** A request the server cannot route, or a body it will not read, breaks the call; an ignored name misleads. */
const IMPACT: Record<StrictFindingKind, Impact> = {
  "no-route": "breaks",
  "method-not-allowed": "breaks",
  "body-not-allowed": "breaks",
  "undeclared-query": "misleads",
  "undeclared-header": "misleads",
  "content-type-not-declared": "misleads",
  "undeclared-body-field": "misleads",
};

const IGNORED = "a server that follows the spec ignores it";

export const STRICT_CHECK: StrictCheck = (request, description) => {
  const url = new URL(request.target, "http://docs.example");
  const query = [...url.searchParams] as [string, string][];
  const verdict = strictCheck(description, {
    method: request.method,
    path: url.pathname,
    query,
    headers: request.headers,
  });
  return verdict.findings.map((finding) => ({
    impact: IMPACT[finding.kind],
    consequence: `The page sends ${finding.place}; ${IMPACT[finding.kind] === "misleads" ? IGNORED : "the spec has no such call"} (${finding.fix}).`,
  }));
};
