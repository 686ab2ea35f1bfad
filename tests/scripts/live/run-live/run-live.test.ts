/**
 * Live mode, against a stand-in upstream that breaks tests/fixtures/live/live.openapi.yaml in
 * planted ways: every planted violation is reported, nothing else is, state-changing calls are
 * held back unless allowed, and the token never shows.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Suite } from "../../../../scripts/contract/suite.ts";
import { runLive, type LiveResult } from "../../../../scripts/live/run-live.ts";
import { HELD_BACK_HEADER } from "../../../../scripts/live/held-back.ts";
import { PreflightError } from "../../../../scripts/live/preflight.ts";

const TOKEN = "live-secret-token-8f2a";
const NOTE = { noteId: "n1", text: "hello", createdAt: 1 };
const received: string[] = [];
const heldBackHeaders: string[] = [];
let upstream: Server;
let upstreamUrl: string;
const dir = mkdtempSync(join(tmpdir(), "qstash-live-"));
const SPEC = join(dir, "live.openapi.json");

/** The planted breaks, keyed by path. Everything else answers as the spec says. */
function answer(
  method: string,
  url: URL,
  auth: string | undefined,
): { status: number; body: unknown; headers?: Record<string, string> } {
  switch (url.pathname) {
    case "/v2/notes":
      return method === "GET" ? { status: 200, body: { notes: [NOTE] } } : { status: 200, body: { deleted: 1 } };
    case "/v2/notes/n1":
      return { status: 200, body: NOTE };
    case "/v2/planted/status":
      return { status: 202, body: NOTE };
    case "/v2/planted/missing-field":
      return { status: 200, body: { noteId: "n1", createdAt: 1 } };
    case "/v2/planted/wrong-type":
      return { status: 200, body: { ...NOTE, createdAt: "yesterday" } };
    case "/v2/planted/missing-header":
      return { status: 200, body: NOTE };
    // Refuses what the spec allows, and echoes the credential: the report must not.
    case "/v2/planted/extra-header":
      return { status: 400, body: { error: `header Upstash-Extra is required (you sent ${auth})` } };
    case "/v2/planted/annotated":
      return { status: 200, body: NOTE };
    case "/v2/planted/bulk":
      return { status: 200, body: { deleted: 1 } };
    default:
      return { status: 404, body: {} };
  }
}

/** Calls every operation of the fixture once, correctly, the way a suite would. */
const callEverything: Suite = async (context) => {
  const calls: [string, string][] = [
    ["GET", "/v2/notes?count=2"],
    ["GET", "/v2/notes/n1"],
    ["DELETE", "/v2/notes"],
    ["GET", "/v2/planted/status"],
    ["GET", "/v2/planted/missing-field"],
    ["GET", "/v2/planted/wrong-type"],
    ["GET", "/v2/planted/missing-header"],
    ["GET", "/v2/planted/extra-header"],
    ["GET", "/v2/planted/annotated"],
    ["DELETE", "/v2/planted/bulk?noteIds=n1"],
    ["DELETE", "/v2/planted/bulk"],
  ];
  const cases = [];
  for (const [method, target] of calls) {
    const response = await fetch(`${context.baseUrl}${target}`, {
      method,
      headers: { Authorization: `Bearer ${context.token}` },
    });
    const heldBack = response.headers.get(HELD_BACK_HEADER);
    if (heldBack) heldBackHeaders.push(heldBack);
    cases.push({
      id: `${method} ${target}`,
      group: "probe",
      name: `${method} ${target}`,
      ok: true,
      evidence: [`status ${response.status}`, await response.text()],
      durationMs: 0,
    });
  }
  return { suite: "probe", cases, markdown: `probed with ${context.token}`, summary: "" };
};

beforeAll(async () => {
  writeFileSync(SPEC, JSON.stringify(parse(readFileSync("tests/fixtures/live/live.openapi.yaml", "utf8"))));
  upstream = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://upstream");
    received.push(`${request.method} ${url.pathname}`);
    const { status, body, headers } = answer(request.method ?? "GET", url, request.headers.authorization);
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const findings = (result: LiveResult) => result.live.cases.filter((c) => !c.ok).map((c) => [c.group, c.name]);

describe("live mode through prism proxy, read-only", () => {
  let result: LiveResult;
  beforeAll(async () => {
    received.length = 0;
    result = await runLive({ suites: { probe: callEverything }, upstream: upstreamUrl, token: TOKEN, spec: SPEC });
  }, 60_000);

  it("reports every planted violation and nothing else", () => {
    expect(findings(result).sort()).toEqual([
      ["GET /v2/planted/extra-header", "the server refused a request the spec accepts"],
      ["GET /v2/planted/missing-field", "the server's answer breaks the spec"],
      ["GET /v2/planted/missing-header", "the server's answer breaks the spec"],
      ["GET /v2/planted/status", "the server's answer breaks the spec"],
      ["GET /v2/planted/wrong-type", "the server's answer breaks the spec"],
    ]);
    const evidence = (group: string) => result.live.cases.find((c) => c.group === group && !c.ok)!.evidence.join("\n");
    expect(evidence("GET /v2/planted/status")).toMatch(/Unable to match the returned status code/);
    expect(evidence("GET /v2/planted/missing-field")).toMatch(/must have required property 'text'/);
    expect(evidence("GET /v2/planted/wrong-type")).toMatch(/createdAt must be integer/);
    expect(evidence("GET /v2/planted/missing-header")).toMatch(
      /header must have required property 'upstash-note-count'/,
    );
    expect(evidence("GET /v2/planted/extra-header")).toMatch(
      /upstream answered 400 to a request the spec accepts.*Upstash-Extra/,
    );
  });

  it("holds back the calls that change state, sends the rest, and says what it held back", () => {
    expect(received).not.toContain("DELETE /v2/notes");
    expect(received).not.toContain("GET /v2/planted/annotated");
    expect(received).toContain("GET /v2/notes");
    expect(result.live.cases.filter((c) => c.name.startsWith("held back")).map((c) => c.id)).toEqual([
      "DELETE /v2/notes:held-back:changes-state",
      "DELETE /v2/planted/bulk:held-back:acts-on-everything",
      "DELETE /v2/planted/bulk:held-back:changes-state",
      "GET /v2/planted/annotated:held-back:changes-state",
    ]);
    expect(result.live.summary).toContain("⏭ DELETE /v2/notes: held back (changes state) ×1");
    expect(result.live.summary).toContain("⏭ DELETE /v2/planted/bulk: held back (acts on everything) ×1");
    expect(result.live.markdown).toContain("Read-only: operations that change state were not sent.");
  });

  it("marks each held-back answer, so that a suite can tell it from the server's", () => {
    const statuses = result.suites[0].cases.filter((c) => c.id.startsWith("DELETE")).map((c) => c.evidence[0]);
    expect(statuses).toEqual(["status 503", "status 503", "status 503"]);
    expect(heldBackHeaders).toContain("held back by the read-only gate: changes state");
  });

  it("never shows the token, even when the server echoes it", () => {
    const everything = JSON.stringify(result);
    expect(everything).not.toContain(TOKEN);
    expect(everything).toContain("Bearer [redacted]");
  });
});

describe("live mode with --allow-writes", () => {
  it("sends the state-changing calls too (never an unfiltered bulk call), and finds nothing wrong with the correct ones", async () => {
    received.length = 0;
    const result = await runLive({
      suites: { probe: callEverything },
      upstream: upstreamUrl,
      token: TOKEN,
      spec: SPEC,
      allowWrites: true,
    });
    expect(received).toContain("DELETE /v2/notes");
    expect(received).toContain("GET /v2/planted/annotated");
    expect(received.filter((r) => r === "DELETE /v2/planted/bulk")).toHaveLength(1);
    expect(result.live.cases.filter((c) => c.name.startsWith("held back")).map((c) => c.id)).toEqual([
      "DELETE /v2/planted/bulk:held-back:acts-on-everything",
    ]);
    expect(result.live.summary).toContain("⏭ DELETE /v2/planted/bulk: held back (acts on everything) ×1");
    expect(findings(result).map(([group]) => group)).not.toContain("DELETE /v2/notes");
    expect(findings(result)).toHaveLength(5);
  }, 60_000);

  it("refuses to start without QSTASH_URL or QSTASH_TOKEN, saying how to fix it in one line", async () => {
    await expect(runLive({ suites: {}, upstream: "", token: TOKEN, spec: SPEC })).rejects.toThrow(
      /^QSTASH_URL is not set: export QSTASH_URL=\S+ \(or your region's base URL\)$/,
    );
    await expect(runLive({ suites: {}, upstream: upstreamUrl, token: "", spec: SPEC })).rejects.toThrow(PreflightError);
  });
});
