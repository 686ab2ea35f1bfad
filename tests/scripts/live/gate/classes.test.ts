/**
 * The live gate decides on its own, without Prism behind it: each request of each class of issue 10
 * (method overrides, blank scope, path variants) is thrown at a gate whose "upstream" is a recorder,
 * and none may arrive. Correct requests still must.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HELD_BACK_HEADER } from "../../../../scripts/live/held-back.ts";
import { startGate } from "../../../../scripts/live/gate.ts";
import { findRoute } from "../../../../scripts/contract/find-route.ts";
import {
  BLANK_SCOPES,
  METHOD_OVERRIDES,
  MUST_PASS,
  PATH_VARIANTS,
  useGatesInFrontOfRecorder,
  sendRaw,
  type GateCase,
} from "./cases.ts";

const description = JSON.parse(readFileSync("generated/qstash.openapi.json", "utf8"));
const setup = useGatesInFrontOfRecorder(description);

/** Sends one case through the gate of its mode; true when the recorder got it. */
async function reaches(c: GateCase): Promise<boolean> {
  const before = setup.recorder.received.length;
  await sendRaw((c.writes ? setup.gates.writes : setup.gates.readOnly).url, c);
  return setup.recorder.received.length > before;
}

const label = (c: GateCase) =>
  [
    `${c.writes ? "writes" : "read-only"}: ${c.method} ${c.target}`,
    c.headers && JSON.stringify(c.headers),
    c.body && `body ${c.body}`,
  ]
    .filter(Boolean)
    .join(" ");

describe.each([
  ["method overrides", METHOD_OVERRIDES],
  ["blank scope (and names the spec does not declare)", BLANK_SCOPES],
  ["path variants of an unfiltered bulk call", PATH_VARIANTS],
])("%s never reach the server", (_, cases) => {
  it.each(cases.map((c) => [label(c), c] as const))("%s", async (_, c) => {
    expect(await reaches(c)).toBe(false);
  });
});

describe("what the gate must still forward", () => {
  it.each(MUST_PASS.map((c) => [label(c), c] as const))("%s", async (_, c) => {
    expect(await reaches(c)).toBe(true);
  });
});

describe("the held-back answer", () => {
  it("says why, in the header the suites read", async () => {
    const response = await fetch(`${setup.gates.writes.url}/v2/dlq?dlqIds=%20`, { method: "DELETE" });
    expect(response.status).toBe(503);
    expect(response.headers.get(HELD_BACK_HEADER)).toBe("held back by the live gate: acts on everything");
    const readOnly = await fetch(`${setup.gates.readOnly.url}/v2/dlq`, {
      headers: { "X-HTTP-Method-Override": "DELETE" },
    });
    expect(readOnly.headers.get(HELD_BACK_HEADER)).toBe("held back by the read-only gate: method override");
  });

  it("marks an answer it could not get from Prism, and records why", async () => {
    const gate = await startGate({
      prismUrl: "http://127.0.0.1:1",
      description,
      allowWrites: false,
      token: "gate-test-token-0f3a",
    });
    try {
      const response = await fetch(`${gate.url}/v2/dlq`);
      expect([response.status, response.headers.get(HELD_BACK_HEADER)]).toEqual([502, "prism proxy failed"]);
      expect(gate.exchanges[0].proxyFailure).toMatch(/ECONNREFUSED/);
    } finally {
      await gate.stop();
    }
  });

  it("names the reading that made a path variant dangerous", async () => {
    await sendRaw(setup.gates.writes.url, { method: "DELETE", target: "/v2/x/%2e%2e/dlq" });
    const exchange = setup.gates.writes.exchanges.find((e) => e.target === "/v2/x/%2e%2e/dlq");
    expect(exchange?.heldBack).toBe("acts on everything");
    expect(exchange?.heldBackDetail).toContain("read as DELETE /v2/dlq");
  });
});

describe("findRoute, shared with the claims' example check", () => {
  it("still maps every valid path of the spec to its own template", () => {
    for (const [path, item] of Object.entries<Record<string, unknown>>(description.paths)) {
      for (const method of Object.keys(item).filter((m) => ["get", "post", "put", "delete", "patch"].includes(m))) {
        const concrete = path.replace(/\{[^}]+\}/g, "sample-value");
        const found = findRoute(description, method, concrete);
        // A literal sibling (/v2/dlq/retry) wins over a template (/v2/dlq/{dlqId}) for its own literal only.
        expect(found.key, `${method} ${concrete}`).toBe(`${method.toUpperCase()} ${path}`);
      }
    }
  });

  it("reads a malformed escape as no match instead of throwing", () => {
    expect(findRoute(description, "DELETE", "/v2/%E0%A4%A").operation).toBeUndefined();
  });
});
