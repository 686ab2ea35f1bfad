import { readFileSync } from "node:fs";
import { describe, expect, inject, test } from "vitest";
import { checkContext } from "../../../../scripts/contract/claims/check-context.ts";
import { judgeMinedClaim } from "../../../../scripts/contract/docs/judge.ts";
import type { MinedClaim } from "../../../../scripts/contract/docs/mined-catalog.ts";
import { MOCKED_SPEC } from "../../../../scripts/contract/prism.ts";

/** The checks of the kinds only mined catalogs have, each on claims written here, judged as the docs suite judges them. */

const description = JSON.parse(readFileSync(MOCKED_SPEC, "utf8"));
const context = checkContext({ baseUrl: inject("prismUrl"), token: "mined-checks-token", mode: "mock", description });
const page = {
  key: "p",
  title: "A page",
  url: null,
  seed: "qstash/guide.mdx",
  era: "current" as const,
  file: "x.yaml",
};

function claim(kind: string, operation: string, facts: Record<string, unknown>): MinedClaim {
  return {
    id: `p/${kind}`,
    kind,
    operation,
    statement: "A claim written for the test.",
    page,
    source: { line: 3 },
    ...facts,
  } as never;
}

const judge = async (c: MinedClaim) => judgeMinedClaim(c, context, "test");

describe("prose: what a sentence names", () => {
  test.each([
    [
      "a header publish reads",
      "POST /v2/publish/https://example.com",
      { names: "header", name: "Upstash-Delay", value: "30s", context: "words" },
      "holds",
    ],
    [
      "a member of a header family",
      "POST /v2/publish/https://example.com",
      { names: "header", name: "Upstash-Forward-My-Header", context: "words" },
      "holds",
    ],
    [
      "a header read only by another call",
      "POST /v2/publish/https://example.com",
      { names: "header", name: "Upstash-Cron", context: "words" },
      "contradicted",
    ],
    [
      "a header no operation reads",
      "ANY *",
      { names: "header", name: "Upstash-Made-Up", context: "none" },
      "contradicted",
    ],
    ["a query token", "ANY *", { names: "query", name: "qstash_token", context: "none" }, "holds"],
    [
      "a query parameter on a path, any method",
      "ANY /v2/dlq",
      { names: "query", name: "cursor", context: "sentence" },
      "holds",
    ],
    [
      "a query parameter the path's calls lack",
      "ANY /v2/dlq",
      { names: "query", name: "order", context: "sentence" },
      "contradicted",
    ],
    [
      "an endpoint",
      "DELETE /v2/messages/:messageId",
      { names: "endpoint", method: "DELETE", path: "/v2/messages/:messageId", context: "sentence" },
      "holds",
    ],
    [
      "a path that stands for a family of calls",
      "ANY /v2/publish",
      { names: "endpoint", path: "/v2/publish", context: "sentence" },
      "holds",
    ],
    [
      "a misspelt endpoint",
      "POST /v2/flowControl/k/reset",
      { names: "endpoint", method: "POST", path: "/v2/flowControl/k/reset", context: "sentence" },
      "contradicted",
    ],
    [
      "a method the path does not have",
      "PATCH /v2/queues",
      { names: "endpoint", method: "PATCH", path: "/v2/queues", context: "sentence" },
      "contradicted",
    ],
    [
      "a value the schema refuses",
      "POST /v2/publish/https://example.com",
      { names: "header", name: "Upstash-Content-Based-Deduplication", value: "maybe", context: "words" },
      "contradicted",
    ],
  ])("%s", async (_, operation, prose, verdict) => {
    expect((await judge(claim("prose", operation, { prose }))).verdict).toBe(verdict);
  });

  test("the consequence names where the spec reads the name instead, and a near spelling", async () => {
    const cron = await judge(
      claim("prose", "POST /v2/publish/https://example.com", {
        prose: { names: "header", name: "Upstash-Cron", context: "words" },
      }),
    );
    expect(cron.consequence).toMatch(/reads it only on POST \/v2\/schedules/);
    const reset = await judge(
      claim("prose", "POST /v2/flowControl/k/reset", {
        prose: { names: "endpoint", method: "POST", path: "/v2/flowControl/k/reset", context: "sentence" },
      }),
    );
    expect(reset.consequence).toMatch(/resetRate/);
  });
});

describe("limits stated in words", () => {
  test.each([
    ["the spec's own bounds", "GET /v2/dlq", { name: "count", in: "query", default: 100, maximum: 100 }, "holds"],
    [
      "a larger maximum and default",
      "GET /v2/logs",
      { name: "count", in: "query", default: 1000, maximum: 1000 },
      "contradicted",
    ],
    [
      "values for a parameter the call lacks",
      "GET /v2/dlq",
      { name: "order", in: "query", enum: ["a", "b"] },
      "contradicted",
    ],
    ["a call the spec lacks", "GET /v2/events", { name: "count", in: "query", maximum: 5 }, "contradicted"],
    ["a body field's default", "POST /v2/queues", { name: "parallelism", in: "body", default: 1 }, "holds"],
    [
      "allowed values the schema lists",
      "POST /v2/publish/https://example.com",
      { name: "Upstash-Content-Based-Deduplication", in: "header", enum: ["true", "false"] },
      "holds",
    ],
  ])("%s", async (_, operation, limit, verdict) => {
    expect((await judge(claim("limit", operation, { limit }))).verdict).toBe(verdict);
  });

  test("for any operation, every one that reads the parameter must agree, and the consequence says where it does not", async () => {
    const result = await judge(
      claim("limit", "ANY *", { limit: { name: "Upstash-Retries", in: "header", default: 3 } }),
    );
    expect(result.verdict).toBe("contradicted");
    expect(result.consequence).toMatch(/On POST \/v2\/publish\/\{destination\}.*states no default/);
    expect(result.consequence).toMatch(/POST \/v2\/trigger\/\{workflowUrl\}.* agree/);
  });
});

describe("an example that reaches another call than its page documents", () => {
  const example = (method: string) =>
    claim("example", `${method} /v2/queues/my-queue`, {
      example: { language: "curl", method, url: "https://qstash.upstash.io/v2/queues/my-queue", headers: {} },
      documents: "DELETE /v2/queues/{queueName}",
    });

  test("a curl without -X sends GET: contradicted, naming both calls", async () => {
    const result = await judge(example("GET"));
    expect(result.verdict).toBe("contradicted");
    expect(result.consequence).toMatch(
      /documents DELETE \/v2\/queues\/\{queueName\}.*reaches GET \/v2\/queues\/\{queueName\}/,
    );
  });

  test("the documented call holds", async () => {
    expect((await judge(example("DELETE"))).verdict).toBe("holds");
  });
});

describe("SDK example snippets", () => {
  const snippet = (facts: Record<string, unknown>) =>
    claim("sdk-snippet", "ANY *", { snippet: { lines: [3, 9], calls: [], ...facts } });

  test.each([
    ["compiles", { language: "typescript", sdk: "@upstash/qstash@2.12.0", diagnostics: [] }, "holds", undefined],
    [
      "a member the SDK lacks",
      {
        language: "typescript",
        sdk: "@upstash/qstash@2.12.0",
        diagnostics: [{ line: 5, code: 2551, message: "Property 'x' does not exist", at: "x" }],
      },
      "contradicted",
      "breaks",
    ],
    [
      "a value of another type",
      {
        language: "typescript",
        sdk: "@upstash/qstash@2.12.0",
        diagnostics: [{ line: 5, code: 2322, message: "Type is not assignable", at: "delay" }],
      },
      "contradicted",
      "misleads",
    ],
    [
      "another SDK version than installed",
      { language: "typescript", sdk: "@upstash/qstash@1.0.0", diagnostics: [] },
      "unverifiable",
      undefined,
    ],
    ["Python that fits", { language: "python", sdk: "qstash-py@75c133af53ac", problems: [] }, "holds", undefined],
    [
      "Python that does not",
      {
        language: "python",
        sdk: "qstash-py@75c133af53ac",
        problems: [{ line: 4, call: "event.list", problem: "no attribute `event`" }],
      },
      "contradicted",
      "breaks",
    ],
  ])("%s", async (_, facts, verdict, impact) => {
    const result = await judge(snippet(facts));
    expect(result.verdict).toBe(verdict);
    expect(result.impact).toBe(impact);
  });

  const request = (sdk: Record<string, unknown>, facts: Record<string, unknown>) =>
    claim("sdk-request", "ANY *", { sdk, ...facts });

  test("a request the spec takes holds; the SDK's harmless telemetry headers are not held against the page", async () => {
    const result = await judge(
      request(
        { package: "@upstash/qstash", version: "2.12.0" },
        {
          example: {
            language: "typescript",
            method: "POST",
            url: "https://qstash.upstash.io/v2/publish/https://a.example/hook",
            headers: { "content-type": "application/json", "upstash-telemetry-sdk": "x", "upstash-method": "POST" },
            body: '{"n":1}',
          },
        },
      ),
    );
    expect(result.verdict).toBe("holds");
    expect(result.evidence.join("\n")).toMatch(/explained \(telemetry-headers/);
  });

  test("a request through a path the SDK kept from an older page: contradicted, the SDK named as wrong", async () => {
    const result = await judge(
      request(
        { package: "@upstash/qstash", version: "2.12.0" },
        {
          example: {
            language: "typescript",
            method: "GET",
            url: "https://qstash.upstash.io/v2/events?count=5",
            headers: {},
          },
        },
      ),
    );
    expect(result.verdict).toBe("contradicted");
    expect(result.consequence).toMatch(/@upstash\/qstash is wrong, not the page: logs-old-path/);
  });

  test("a request the page's own arguments make undeclared: contradicted, the page's call named", async () => {
    const result = await judge(
      request(
        { package: "@upstash/qstash", version: "2.12.0" },
        {
          example: {
            language: "typescript",
            method: "GET",
            url: "https://qstash.upstash.io/v2/dlq?colour=red",
            headers: {},
          },
        },
      ),
    );
    expect(result.verdict).toBe("contradicted");
    expect(result.consequence).toMatch(/The page's call makes @upstash\/qstash send query parameter `colour`/);
  });

  test("a Python call's captured request gets its values from the spec", async () => {
    const result = await judge(
      request(
        { package: "qstash-py", version: "75c133af53ac", call: "dlq.list" },
        {
          capture: {
            method: "GET",
            path: "/v2/dlq",
            query: [{ name: "cursor", line: 1 }],
            headers: [],
            body: { kind: "none" },
          },
        },
      ),
    );
    expect(result.verdict).toBe("holds");
  });
});
