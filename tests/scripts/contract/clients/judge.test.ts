import { describe, expect, test } from "vitest";
import { findingsOf, type CallOutcome } from "../../../../scripts/contract/clients/judge.ts";
import type { Exchange } from "../../../../scripts/contract/clients/recorder.ts";
import type { StrictFinding } from "../../../../scripts/contract/strict-check.ts";

const strict = (kind: StrictFinding["kind"]): StrictFinding => ({
  kind,
  operation: "GET /v2/x",
  place: "somewhere",
  fix: "something",
});

function exchange(status: number, findings: StrictFinding[] = [], over: Partial<Exchange> = {}): Exchange {
  return {
    request: { method: "GET", path: "/v2/x", query: [], headers: {}, auth: "bearer" },
    forwardedPath: "/v2/x",
    strict: { operation: "GET /v2/x", canonicalPath: "/v2/x", findings },
    mock: {
      status,
      violations: status >= 400 ? [{ location: ["request"], code: 400, message: "bad value" }] : [],
      text: "",
    },
    ...over,
  };
}

const CASES: [string, { given: CallOutcome; want: string[] }][] = [
  ["a clean exchange the mock accepts", { given: { exchanges: [exchange(200)] }, want: [] }],
  [
    "a strict finding the mock let through",
    { given: { exchanges: [exchange(200, [strict("undeclared-query")])] }, want: ["undeclared-query"] },
  ],
  ["a refusal the strict check does not explain", { given: { exchanges: [exchange(400)] }, want: ["mock-refused"] }],
  [
    "a refusal the strict check explains (no route)",
    { given: { exchanges: [exchange(404, [strict("no-route")])] }, want: ["no-route"] },
  ],
  [
    "a request the live gate held back",
    { given: { exchanges: [exchange(503, [], { heldBack: "changes state" })] }, want: [] },
  ],
  ["a call that sent nothing", { given: { exchanges: [], error: "Empty array" }, want: ["no-request"] }],
  [
    "an SDK error on an accepted answer",
    { given: { exchanges: [exchange(200)], error: "cannot read x" }, want: ["sdk-error"] },
  ],
  [
    "an SDK error that only repeats the refusal",
    { given: { exchanges: [exchange(404, [strict("no-route")])], error: "404" }, want: ["no-route"] },
  ],
];

describe("judging one SDK call", () => {
  test.each(CASES)("%s", (_name, { given, want }) => {
    expect(findingsOf(given).map((f) => f.kind)).toEqual(want);
  });

  test("a mock refusal names what the mock said", () => {
    const [finding] = findingsOf({ exchanges: [exchange(400)] });

    expect(finding).toMatchObject({ kind: "mock-refused", operation: "GET /v2/x", name: "bad value", exchange: 0 });
  });
});
