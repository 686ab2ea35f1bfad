/**
 * `npm run verify -- --live` against a server that follows the spec exactly: a Prism mock of the
 * same description (the one the test run starts) stands in for the real server. The project's own
 * suites must find nothing unexpected there, read-only or with writes: what the gate holds back is
 * "unverifiable", not "contradicted", and what the run creates is deleted at the end.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { foldDestination } from "../../../../scripts/contract/mock-destination.ts";
import { SUITES } from "../../../../scripts/contract/suites.ts";
import type { SuiteOutcome } from "../../../../scripts/contract/suite.ts";
import { startDestinationHop, type Hop } from "../../../../scripts/live/destination-hop.ts";
import { runLive, type LiveResult } from "../../../../scripts/live/run-live.ts";
import { describeOperations } from "../../../../scripts/spec/operations-module.ts";

const TOKEN = "conformant-fake-token-42";
const description = JSON.parse(readFileSync("generated/qstash.openapi.json", "utf8"));

const unexpected = (outcomes: SuiteOutcome[]) =>
  outcomes.flatMap((o) =>
    o.cases
      .filter((c) => !c.ok)
      .map((c) => `${o.suite}: ${c.id} observed ${c.verdict ?? "failure"}: ${c.evidence.slice(0, 3).join(" / ")}`),
  );

const claimsOf = (result: LiveResult) => result.suites.find((o) => o.suite === "claims (live)")!.cases;
const operationsOf = (result: LiveResult) => result.suites.find((o) => o.suite === "operations (live)")!.cases;

describe("live mode against a conformant stand-in (a Prism mock of the same description)", () => {
  let readOnly: LiveResult;
  let writes: LiveResult;
  // What reached the stand-in's door, as the real server would get it; a mock routes destinations only
  // folded, so the stand-in folds them back first (scripts/contract/mock-destination.ts).
  const arrived: URL[] = [];
  let standIn: Hop;
  beforeAll(async () => {
    standIn = await startDestinationHop(
      inject("prismUrl"),
      (method, url) => (arrived.push(url), foldDestination(description, method, url)),
    );
    // Both runs happen before any test, so each test reads its own run whatever the order.
    readOnly = await runLive({ suites: SUITES, upstream: standIn.url, token: TOKEN });
    writes = await runLive({ suites: SUITES, upstream: standIn.url, token: TOKEN, allowWrites: true });
  }, 360_000);
  afterAll(() => standIn.stop());

  it("read-only: 0 unexpected results; what the gate held back is unverifiable with its reason", async () => {
    expect(unexpected([...readOnly.suites, readOnly.live])).toEqual([]);
    const heldBack = claimsOf(readOnly).filter((c) =>
      c.evidence[0]?.startsWith("reason: unverifiable live (held back by the read-only gate"),
    );
    expect(heldBack.length).toBeGreaterThan(0);
    expect(heldBack.every((c) => c.verdict === "unverifiable" && c.consequence === undefined)).toBe(true);
    const reads = Object.entries(describeOperations(description))
      .filter(([, f]) => f.method === "GET")
      .map(([id]) => id);
    expect(reads).toEqual(expect.arrayContaining([...new Set(operationsOf(readOnly).map((c) => c.group))]));
    expect(JSON.stringify(readOnly)).not.toContain(TOKEN);
  }, 180_000);

  it("with --allow-writes: 0 unexpected results, the write cases run, and what was created is deleted", async () => {
    expect(unexpected([...writes.suites, writes.live])).toEqual([]);
    // The operations suite no longer stops at GET: every write operation has cases.
    const operations = new Set(operationsOf(writes).map((c) => c.group));
    for (const id of ["publishMessage", "createSchedule", "deleteQueue", "triggerWorkflowRun", "rotateSigningKeys"])
      expect(operations).toContain(id);
    expect(operationsOf(writes).length).toBeGreaterThan(operationsOf(readOnly).length);
    // Claims held back read-only are checked now, except those that would act on everything.
    const stillHeld = claimsOf(writes).filter((c) => c.evidence[0]?.startsWith("reason: unverifiable live"));
    expect(stillHeld.length).toBeLessThan(
      claimsOf(readOnly).filter((c) => c.evidence[0]?.startsWith("reason: unverifiable live")).length,
    );
    expect(stillHeld.every((c) => /acts on everything|deprecated parameter/.test(c.evidence[0]))).toBe(true);
    // Rotating the signing keys is never sent: nothing undoes it.
    const rotate = operationsOf(writes).filter((c) => c.group === "rotateSigningKeys");
    expect(rotate.length).toBeGreaterThan(0);
    expect(
      rotate.every((c) => c.evidence[0] === "reason: unverifiable live (held back by the live gate: cannot be undone)"),
    ).toBe(true);
    // The mock answers every creation with the same example ids; each is deleted once.
    const cleanup = writes.live.cases.filter((c) => c.group === "cleanup");
    expect(cleanup.map((c) => c.name).sort()).toEqual([
      "scheduleId string (created by POST /v2/schedules/{scheduleId}): deleted",
      "workflowRunId string (created by POST /v2/trigger/{workflowUrl}): deleted",
    ]);
    expect(writes.live.summary).toContain("cleanup: 2 created, 2 deleted or already gone, 0 left behind");
    // Past Prism, the server gets each destination raw, as the client sends it, never one encoded segment.
    const published = arrived.filter((url) => url.pathname.startsWith("/v2/publish/"));
    expect(published.length).toBeGreaterThan(0);
    expect(published.every((url) => /^\/v2\/publish\/(https?:\/\/|[\w.-]+$)/.test(url.pathname))).toBe(true);
  }, 180_000);
});
