/**
 * An answer the live gate made up (a held-back call, an upstream that stopped answering) says nothing
 * about the server: the suites score such a case "unverifiable" with the gate's reason, never
 * "contradicted", and the live report says once, plainly, what happened.
 */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import type { CaseResult } from "../../../scripts/contract/suite.ts";
import { SUITES } from "../../../scripts/contract/suites.ts";
import { typeDiffers } from "../../../scripts/contract/claims/consequence.ts";
import { HELD_BACK_HEADER, noteHeldBack, withHeldBack } from "../../../scripts/live/held-back.ts";
import { runLive } from "../../../scripts/live/run-live.ts";

const base: CaseResult = {
  id: "c",
  group: "g",
  name: "n",
  ok: false,
  verdict: "contradicted",
  expected: "holds",
  evidence: ["DELETE /v2/dlq → 503"],
  consequence: "breaks",
  durationMs: 1,
};
const answer = (headers: Record<string, string> = {}) => new Response("{}", { status: 503, headers });

describe("withHeldBack", () => {
  it("turns a case that read a held-back answer into an unverifiable one, with the gate's reason", async () => {
    const result = await withHeldBack(async () => {
      noteHeldBack(answer({ [HELD_BACK_HEADER]: "held back by the read-only gate: changes state" }));
      return base;
    });
    expect(result).toMatchObject({ ok: true, verdict: "unverifiable", consequence: undefined });
    expect(result.evidence).toEqual([
      "reason: unverifiable live (held back by the read-only gate: changes state)",
      "DELETE /v2/dlq → 503",
    ]);
  });

  it("leaves a case alone when no answer was held back, and keeps concurrent cases apart", async () => {
    const held = withHeldBack(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      noteHeldBack(answer({ [HELD_BACK_HEADER]: "the upstream could not be reached" }));
      return base;
    });
    const plain = withHeldBack(async () => {
      noteHeldBack(answer());
      await new Promise((resolve) => setTimeout(resolve, 40));
      return base;
    });
    const [first, second] = await Promise.all([held, plain]);
    expect(first.verdict).toBe("unverifiable");
    expect(second).toBe(base);
  });
});

describe("an upstream that stops answering during the run", () => {
  it("gives one clear finding, not a failure per case", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    // preflight: false stands for a server that answered the preflight and died afterwards.
    const result = await runLive({
      suites: SUITES,
      upstream: `http://127.0.0.1:${port}`,
      token: "fake",
      preflight: false,
    });
    const failures = [...result.suites, result.live].flatMap((o) =>
      o.cases.filter((c) => !c.ok).map((c) => `${o.suite}: ${c.id}`),
    );
    expect(failures).toEqual(["live: upstream:unreachable"]);
    expect(result.live.summary).toMatch(
      /✖ upstream: the upstream could not be reached during the run — \d+ request\(s\) got no answer from http:\/\/127\.0\.0\.1:\d+/,
    );
    const unreached = (suite: number) =>
      result.suites[suite].cases.filter((c) => c.evidence[0]?.includes("the upstream could not be reached"));
    expect(unreached(0).length).toBeGreaterThan(0);
    // Every operation case is a read sent to the server: each one is unverifiable now.
    expect(unreached(1)).toHaveLength(result.suites[1].cases.length);
  }, 120_000);
});

describe("the consequence of a refused sample", () => {
  it("never says a type differs from itself", () => {
    const { consequence } = typeDiffers("dlqIds", "string[]", "string[]");
    expect(consequence).not.toMatch(/in the spec, not string\[\]/);
    expect(consequence).toBe(
      "`dlqIds` is string[] as the page says, yet the page's sample was refused (see the evidence).",
    );
    expect(typeDiffers("count", "string", "integer").consequence).toBe(
      "`count` is integer in the spec, not string: a value of the page's type is refused.",
    );
  });
});
