import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { describeFinding, strictCheck, type StrictRequest } from "../../../scripts/contract/strict-check.ts";

/**
 * The strict check on a small description of our own (one idea per operation), then on the project's
 * spec for what only the spec can say (which header families it declares, and where).
 */
const SMALL = {
  openapi: "3.1.0",
  info: { title: "strict-check test", version: "1" },
  security: [{ bearer: [] }, { tokenInQuery: [] }],
  components: {
    securitySchemes: {
      bearer: { type: "http", scheme: "bearer" },
      tokenInQuery: { type: "apiKey", in: "query", name: "qstash_token" },
    },
    parameters: { cursor: { name: "cursor", in: "query", schema: { type: "string" } } },
    schemas: {
      Entry: { type: "object", properties: { destination: { type: "string" }, headers: { type: "object" } } },
    },
  },
  paths: {
    "/v2/dlq": {
      get: {
        parameters: [
          { $ref: "#/components/parameters/cursor" },
          { name: "label", in: "query", schema: { type: "array", items: { type: "string" } } },
        ],
      },
      delete: { parameters: [{ name: "dlqIds", in: "query", schema: { type: "array", items: { type: "string" } } }] },
    },
    "/v2/publish/{destination}": {
      post: {
        "x-qstash-destination": "destination",
        "x-qstash-header-families": ["Upstash-Forward-"],
        parameters: [
          { name: "destination", in: "path", required: true, schema: { type: "string" } },
          { name: "Upstash-Delay", in: "header", schema: { type: "string" } },
        ],
        requestBody: {
          content: {
            "text/plain": { schema: { type: "string" } },
            "application/octet-stream": { schema: { type: "string" } },
          },
        },
      },
    },
    "/v2/queues": {
      post: {
        requestBody: {
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: { queueName: { type: "string" }, parallelism: { type: "integer" } },
              },
            },
          },
        },
      },
    },
    "/v2/schedules/{scheduleId}/pause": {
      post: { parameters: [{ name: "scheduleId", in: "path", required: true, schema: { type: "string" } }] },
    },
    "/v2/batch": {
      post: {
        requestBody: {
          content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Entry" } } } },
        },
      },
    },
  },
};

const request = (
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body?: string,
): StrictRequest => {
  const [path, search = ""] = target.split("?");
  return {
    method,
    path,
    query: [...new URLSearchParams(search)],
    headers,
    body: body === undefined ? undefined : { text: body },
  };
};

const FOUND: [string, { given: StrictRequest; want: { kind: string; name?: string } }][] = [
  [
    "an undeclared query parameter",
    {
      given: request("GET", "/v2/dlq?cursor=c&flowControlKey=k"),
      want: { kind: "undeclared-query", name: "flowControlKey" },
    },
  ],
  [
    "an undeclared Upstash- header",
    {
      given: request("POST", "/v2/publish/x", { "Upstash-Queue-Name": "q", "Content-Type": "text/plain" }, "hi"),
      want: { kind: "undeclared-header", name: "Upstash-Queue-Name" },
    },
  ],
  [
    "a header named only by a family's prefix",
    {
      given: request("POST", "/v2/publish/x", { "Upstash-Forward-": "v" }),
      want: { kind: "undeclared-header", name: "Upstash-Forward-" },
    },
  ],
  [
    "a body where none is allowed",
    {
      given: request("DELETE", "/v2/dlq", { "Content-Type": "application/json" }, '{"dlqIds":["a"]}'),
      want: { kind: "body-not-allowed" },
    },
  ],
  [
    "a method the path does not have",
    { given: request("PATCH", "/v2/schedules/s1/pause"), want: { kind: "method-not-allowed" } },
  ],
  ["a path matching no template", { given: request("GET", "/v2/events?count=1"), want: { kind: "no-route" } }],
  [
    "a content type the operation does not take",
    {
      given: request("POST", "/v2/queues", { "Content-Type": "text/plain" }, "q"),
      want: { kind: "content-type-not-declared", name: "text/plain" },
    },
  ],
  [
    "an undeclared body field",
    {
      given: request("POST", "/v2/queues", { "Content-Type": "application/json" }, '{"queueName":"q","paused":true}'),
      want: { kind: "undeclared-body-field", name: "paused" },
    },
  ],
  [
    "an undeclared header inside a batch entry",
    {
      given: request(
        "POST",
        "/v2/batch",
        { "Content-Type": "application/json" },
        JSON.stringify([{ destination: "https://a.example/x", headers: { "Upstash-Bogus": "1" } }]),
      ),
      want: { kind: "undeclared-header", name: "Upstash-Bogus" },
    },
  ],
];

const CLEAN: [string, StrictRequest][] = [
  ["declared query parameters, one repeated", request("GET", "/v2/dlq?cursor=c&label=a&label=b")],
  ["the token in the query, declared by a security scheme", request("GET", "/v2/dlq?qstash_token=t")],
  [
    "a header of a declared family",
    request("POST", "/v2/publish/x", { "Upstash-Forward-X-Trace": "1", "Content-Type": "text/plain" }, "hi"),
  ],
  [
    "a declared header in another case",
    request("POST", "/v2/publish/x", { "upstash-delay": "10s", "content-type": "text/plain; charset=utf-8" }, "hi"),
  ],
  ["headers that are not Upstash- headers", request("GET", "/v2/dlq", { "X-Custom": "1", "User-Agent": "test" })],
  [
    "an unencoded destination, slashes and all",
    request("POST", "/v2/publish/https://a.example/hook", { "Content-Type": "text/plain" }, "hi"),
  ],
  ["bytes without a content type (application/octet-stream)", request("POST", "/v2/publish/x", {}, "raw")],
  [
    "a JSON body with declared fields only",
    request("POST", "/v2/queues", { "Content-Type": "application/json" }, '{"queueName":"q","parallelism":2}'),
  ],
  [
    "a batch whose entries carry declared headers",
    request(
      "POST",
      "/v2/batch",
      { "Content-Type": "application/json" },
      JSON.stringify([{ destination: "https://a.example/x", headers: { "Upstash-Forward-A": "1" } }]),
    ),
  ],
];

describe("strict check: what Prism lets through is found", () => {
  test.each(FOUND)("%s", (_name, { given, want }) => {
    const { findings } = strictCheck(SMALL, given);

    expect(findings.map((f) => ({ kind: f.kind, name: f.name }))).toEqual([
      want.name ? want : { kind: want.kind, name: undefined },
    ]);
    expect(findings[0].place.length).toBeGreaterThan(10);
    expect(findings[0].fix.length).toBeGreaterThan(10);
    expect(describeFinding(findings[0])).toContain(findings[0].kind);
  });

  test.each(CLEAN)("clean: %s", (_name, given) => {
    expect(strictCheck(SMALL, given).findings).toEqual([]);
  });

  test("an unencoded destination is folded into one segment, the form the template matches", () => {
    const verdict = strictCheck(SMALL, request("POST", "/v2/publish/https://a.example/hook", {}, "x"));

    expect(verdict.operation).toBe("POST /v2/publish/{destination}");
    expect(verdict.canonicalPath).toBe(`/v2/publish/${encodeURIComponent("https://a.example/hook")}`);
  });

  test("a finding names the operation and the place, and the fix says what to do", () => {
    const [finding] = strictCheck(SMALL, request("GET", "/v2/dlq?flowControlKey=k")).findings;

    expect(finding.operation).toBe("GET /v2/dlq");
    expect(finding.place).toBe("query parameter `flowControlKey` of GET /v2/dlq");
    expect(finding.fix).toContain("declare `flowControlKey` (in: query) on GET /v2/dlq");
  });
});

describe("strict check on the project's spec", () => {
  const spec = JSON.parse(readFileSync(new URL("../../../generated/qstash.openapi.json", import.meta.url), "utf8"));
  const withFamilies = Object.entries<any>(spec.paths).flatMap(([path, item]) =>
    Object.entries<any>(item)
      .filter(([, op]) => Array.isArray(op?.["x-qstash-header-families"]))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        families: op["x-qstash-header-families"] as string[],
      })),
  );

  test("the spec marks header families with x-qstash-header-families", () => {
    expect(withFamilies.length).toBeGreaterThan(0);
  });

  test.each(withFamilies.map((o) => [`${o.method} ${o.path}`, o] as const))(
    "%s: a member of every declared family is declared",
    (_key, op) => {
      const path = op.path.replace(/\{[^}]+\}/g, "sample");
      const headers = Object.fromEntries(op.families.map((family) => [`${family}X-Sample`, "1"]));

      expect(strictCheck(spec, { method: op.method, path, query: [], headers }).findings).toEqual([]);
    },
  );

  test("an Upstash- header outside every family is found on the same operation", () => {
    const op = withFamilies[0];
    const verdict = strictCheck(spec, {
      method: op.method,
      path: op.path.replace(/\{[^}]+\}/g, "sample"),
      query: [],
      headers: { "Upstash-Not-A-Header": "1" },
    });

    expect(verdict.findings.map((f) => f.kind)).toEqual(["undeclared-header"]);
  });
});
