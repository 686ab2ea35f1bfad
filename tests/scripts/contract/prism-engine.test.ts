import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { generateCases, type RequestSpec } from "../../../scripts/contract/operations/cases.ts";
import { send } from "../../../scripts/contract/operations/run-case.ts";
import { MOCKED_SPEC, startPrism, type RunningPrism } from "../../../scripts/contract/prism.ts";

// The in-process engine must give Prism's verdicts: the same requests get the same statuses,
// sl-violations and bodies from `prism mock` (the CLI, over HTTP) and from the engine, both
// without a socket (the suites' path, an engine on this thread) and over its HTTP server
// (everybody else's: the run's mock from the global setup).
const description = JSON.parse(readFileSync(MOCKED_SPEC, "utf8"));
const TOKEN = "equivalence-token";
const HTTP = { fetch: globalThis.fetch, Request: globalThis.Request };

let cli: RunningPrism;
let engine: RunningPrism;
beforeAll(async () => {
  [cli, engine] = await Promise.all([startPrism({ engine: "cli" }), startPrism({ workers: 0 })]);
}, 60_000);
afterAll(async () => {
  await Promise.all([cli?.stop(), engine?.stop()]);
});

/**
 * The operations suite's cases, each kind once: every operation with each kind of case (a positive
 * draw, accepted, refused, each documented status), and each kind of probe (a constraint or an
 * edge value, in a carrier) on its first operation. The same probe on another parameter adds time,
 * not evidence. EQUIVALENCE=all compares every case of the suite (2,000 and more).
 */
function requestsToCompare(): { id: string; method: string; path: string; request: RequestSpec; prefer?: string }[] {
  const { cases } = generateCases(description, { seed: 20261125, numRuns: 1 });
  const seen = new Set<string>();
  const isNew = (key: string) => !seen.has(key) && Boolean(seen.add(key));
  return cases.flatMap((c) => {
    const prefer = c.kind === "status" ? `code=${c.expect.status}` : undefined;
    if (c.kind === "positive") {
      return fc
        .sample(c.requests!, { seed: 7, numRuns: 1 })
        .map((request, i) => ({ id: `${c.id}#${i}`, method: c.method, path: c.path, request }));
    }
    const probe = `${c.kind} ${probeOf(c.constraint ?? "")}`;
    const perOperation = `${c.operationId} ${c.kind} ${c.kind === "status" ? c.expect.status : ""}`;
    const firstOfItsKind = [isNew(perOperation), isNew(probe)].some(Boolean);
    if (process.env.EQUIVALENCE !== "all" && !firstOfItsKind) return [];
    return [{ id: c.id, method: c.method, path: c.path, request: c.request, prefer }];
  });
}

/** "query label item astral text" and "query url item astral text" are one probe, as are "body.a type" and "body.b type". */
function probeOf(constraint: string): string {
  const words = constraint.split(" ");
  const inBody = words[0].startsWith("body");
  return `${inBody ? "body" : words[0]} ${words.slice(inBody ? 1 : 2).join(" ")}`;
}

describe("the in-process engine answers as prism mock does", () => {
  test("every case of the operations suite: same status, sl-violations and body on all three paths", async () => {
    const requests = requestsToCompare();
    const differences: string[] = [];
    const queue = [...requests];
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const { id, request, prefer } = item;
        const viaCli = await send(item, request, { baseUrl: cli.url, token: TOKEN, transport: HTTP }, prefer);
        const inProcess = await send(item, request, { baseUrl: engine.url, token: TOKEN }, prefer);
        const overHttp = await send(
          item,
          request,
          { baseUrl: inject("prismUrl"), token: TOKEN, transport: HTTP },
          prefer,
        );
        for (const [path, seen] of [
          ["in process", inProcess],
          ["engine over HTTP", overHttp],
        ] as const) {
          try {
            expect(seen).toEqual(viaCli);
          } catch {
            differences.push(
              `${id} (${path}): ${JSON.stringify(seen).slice(0, 300)} / CLI: ${JSON.stringify(viaCli).slice(0, 300)}`,
            );
          }
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(requests.length).toBeGreaterThan(300);
    expect(engine.engine).toBe("in-process");
    expect(differences, differences.slice(0, 10).join("\n")).toEqual([]);
  }, 120_000);

  test.each([
    ["an unknown route", "GET", "/v2/nothing-here", {}, undefined],
    ["a method the path lacks", "PUT", "/v2/dlq", {}, undefined],
    ["no token at all", "GET", "/v2/dlq", { authorization: "" }, undefined],
    ["a JSON body that does not parse", "POST", "/v2/queues", { "content-type": "application/json" }, "{not json"],
    [
      "a JSON body with a charset",
      "POST",
      "/v2/queues",
      { "content-type": "application/json; charset=utf-8" },
      '{"queueName":"q"}',
    ],
    ["an XML body", "POST", "/v2/queues", { "content-type": "application/xml" }, "<queue/>"],
    ["an empty JSON body", "POST", "/v2/queues", { "content-type": "application/json" }, ""],
    ["a Prefer header that does not parse", "GET", "/v2/dlq", { prefer: "code=abc" }, undefined],
    ["a Prefer code the operation lacks", "GET", "/v2/dlq", { prefer: "code=418" }, undefined],
    ["a server URL to match", "GET", "/v2/dlq?__server=https://qstash.upstash.io", {}, undefined],
    [
      "a CORS preflight",
      "OPTIONS",
      "/v2/dlq",
      { origin: "https://example.com", "access-control-request-method": "DELETE" },
      undefined,
    ],
    ["an encoded path segment", "GET", "/v2/queues/a%2Fb%3Fc", {}, undefined],
    ["a repeated query parameter", "GET", "/v2/dlq?label=a&label=b&count=5", {}, undefined],
  ])("raw request: %s", async (_name, method, target, headers: Record<string, string>, body) => {
    const init = (): RequestInit => ({ method, headers: { authorization: `Bearer ${TOKEN}`, ...headers }, body });
    const answers = await Promise.all([
      fetch(`${cli.url}${target}`, init()),
      fetch(`${inject("prismUrl")}${target}`, init()),
    ]);
    const [viaCli, viaEngine] = await Promise.all(answers.map(observe));
    expect(viaEngine).toEqual(viaCli);
  });
});

async function observe(response: Response) {
  const interesting = ["sl-violations", "content-type", "access-control-allow-origin", "access-control-allow-methods"];
  return {
    status: response.status,
    headers: interesting.map((name) => response.headers.get(name)),
    body: await response.text(),
  };
}
