import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isDotSegment } from "../../../../scripts/contract/operations/arbitraries.ts";
import {
  DEFAULT_RUNS,
  generateCases,
  rejectStatus,
  runsFromEnv,
  seedFromEnv,
} from "../../../../scripts/contract/operations/cases.ts";
import { jsonWithBigInts } from "../../../../scripts/contract/operations/edges.ts";
import { readOperations } from "../../../../scripts/contract/operations/model.ts";
import { createSchemaValidator } from "../../../../scripts/contract/operations/schema-validator.ts";

const description = {
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {
    "/v2/things/{name}": {
      post: {
        operationId: "makeThing",
        parameters: [
          { name: "name", in: "path", required: true, schema: { type: "string" } },
          { name: "size", in: "query", schema: { type: "integer", minimum: 1, maximum: 10 } },
          { name: "mode", in: "query", required: true, schema: { $ref: "#/components/schemas/Mode" } },
          { name: "ids", in: "query", schema: { type: "array", items: { type: "integer" } } },
          { name: "Upstash-Flag", in: "header", schema: { type: "boolean" } },
        ],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["title"],
                properties: { title: { type: "string" }, weight: { type: "integer", minimum: 0 } },
              },
            },
          },
        },
        responses: {
          "201": {
            description: "made",
            content: { "application/json": { schema: { type: "object", properties: { id: { type: "string" } } } } },
          },
          "400": { description: "bad" },
          "409": { description: "exists", content: { "application/json": { schema: { type: "object" } } } },
        },
      },
    },
  },
  components: { schemas: { Mode: { type: "string", enum: ["fast", "slow"] } } },
};

const { cases } = generateCases(description, { seed: 7, numRuns: 2 });
const pick = (constraint: string) =>
  cases.filter((c) => c.constraint === constraint).map((c) => [c.kind, c.request.query[constraint.split(" ")[1]]]);

describe("case generator", () => {
  test("minimum and maximum get a boundary value inside and one outside, on both sides", () => {
    expect(pick("query size minimum")).toEqual([
      ["accept", 1],
      ["reject", 0],
    ]);
    expect(pick("query size maximum")).toEqual([
      ["accept", 10],
      ["reject", 11],
    ]);
  });

  test("an enum reached through $ref is probed with its ends and one value outside", () => {
    expect(pick("query mode enum")).toEqual([
      ["accept", "fast"],
      ["accept", "slow"],
      ["reject", "NOT_ALLOWED"],
    ]);
  });

  test("a required query parameter is left out by its negative", () => {
    const [c] = cases.filter((x) => x.constraint === "query mode required");
    expect(c.kind).toBe("reject");
    expect("mode" in c.request.query).toBe(false);
    expect(c.expect.violation).toEqual({ codes: ["required"], location: ["query"] });
  });

  test("array form and item type, header type, body required, property required and content type are covered", () => {
    const constraints = new Set(cases.map((c) => c.constraint));
    for (const expected of [
      "query ids array form",
      "query ids array items",
      "header Upstash-Flag type",
      "body required",
      "body.title required",
      "body.weight minimum",
      "body content type",
      "body content type application/json",
      "security",
    ]) {
      expect(constraints, expected).toContain(expected);
    }
  });

  test("negatives expect the operation's 400, and each error status gets a case", () => {
    const [op] = readOperations(description);
    expect(rejectStatus(op)).toBe(400);
    expect(cases.filter((c) => c.kind === "status").map((c) => c.expect.status)).toEqual([400, 409]);
  });

  test("the same seed gives the same cases; the positive requests satisfy the parameter schemas", () => {
    const again = generateCases(description, { seed: 7, numRuns: 2 }).cases;
    expect(again.map((c) => [c.id, c.request])).toEqual(cases.map((c) => [c.id, c.request]));
    const positive = cases.find((c) => c.kind === "positive")!;
    const validator = createSchemaValidator(description);
    for (const request of fc.sample(positive.requests!, { seed: 1, numRuns: 50 })) {
      expect(["fast", "slow"]).toContain(request.query.mode);
      if (request.query.size !== undefined)
        expect(validator.validate("/paths/~1v2~1things~1{name}/post/parameters/1/schema", request.query.size)).toEqual(
          [],
        );
      expect(isDotSegment(request.pathParams.name)).toBe(false);
      expect(request.body?.value).toHaveProperty("title");
    }
  });

  test("FC_SEED replays a run and refuses a non-integer", () => {
    expect(seedFromEnv({ FC_SEED: "123" })).toBe(123);
    expect(() => seedFromEnv({ FC_SEED: "abc" })).toThrow(/FC_SEED/);
  });
});

// A description whose parameters cover each kind of edge: int64 and int32 without bounds, an enum,
// strings in every carrier.
const edgeDescription = {
  openapi: "3.1.0",
  info: { title: "edges", version: "1" },
  paths: {
    "/v2/items/{id}": {
      post: {
        operationId: "probeItem",
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string" } },
          { name: "big", in: "query", schema: { type: "integer", format: "int64" } },
          { name: "small", in: "query", schema: { type: "integer", format: "int32" } },
          { name: "state", in: "query", schema: { type: "string", enum: ["ACTIVE", "DONE"] } },
          { name: "Upstash-Note", in: "header", required: true, schema: { type: "string" } },
        ],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: { text: { type: "string" }, tags: { type: "array", items: { type: "string" } } },
              },
            },
          },
        },
        responses: { "200": { description: "ok" }, "400": { description: "bad" } },
      },
    },
  },
};
const edgeCases = generateCases(edgeDescription, { seed: 3, numRuns: 1 }).cases;
const edge = (constraint: string) => edgeCases.find((c) => c.constraint === constraint);
const valueAt = (c: ReturnType<typeof edge>, where: "query" | "headers" | "pathParams", name: string) =>
  c && (c.request[where] as Record<string, unknown>)[name];

describe("edge values", () => {
  test("every edge case is marked as one and labelled with what it probes", () => {
    const labels = edgeCases.filter((c) => c.edge).map((c) => c.constraint);
    for (const expected of [
      "query big zero",
      "query big minus one",
      "query small int32 min",
      "query small int32 max",
      "query state enum value in another case",
      "header Upstash-Note empty string",
      "header Upstash-Note long string",
      "path id non-ASCII text",
      "path id astral text",
      "path id URL-reserved characters",
      "body.text control characters",
      "body.tags empty array",
      "body.tags large array (500 items)",
      "body empty object",
    ]) {
      expect(labels, expected).toContain(expected);
    }
  });

  test("int64 extremes travel as their exact digits; the mock's narrower int64 makes them unverifiable, not failures", () => {
    const max = edge("query big int64 max")!;
    expect(valueAt(max, "query", "big")).toBe(2n ** 63n - 1n);
    expect(max.expect.unverifiable).toMatch(/Prism reads format int64 as .*2\^53/);
    expect(max.expect.violation).toEqual({ codes: ["maximum"], location: ["query", "big"] });
    const beyond = edge("query big int64 max + 1")!;
    expect([beyond.kind, valueAt(beyond, "query", "big"), beyond.expect.unverifiable]).toEqual([
      "reject",
      2n ** 63n,
      undefined,
    ]);
  });

  test("values just outside a format or an enum are negatives", () => {
    expect(valueAt(edge("query small int32 max + 1"), "query", "small")).toBe(2 ** 31);
    expect(edge("query small int32 max + 1")!.expect.violation!.codes).toEqual(["format"]);
    expect(valueAt(edge("query small fraction"), "query", "small")).toBe(1.5);
    expect(valueAt(edge("query state enum value in another case"), "query", "state")).toBe("active");
    // Prism reads an empty query value as absent: the case records that, as unverifiable.
    const empty = edge("query state empty string")!;
    expect([empty.kind, empty.expect.unverifiable]).toEqual(["accept", expect.stringMatching(/empty query value/)]);
  });

  test("a carrier keeps only what can travel in it", () => {
    const labelsOf = (prefix: string) =>
      edgeCases.filter((c) => c.edge && c.constraint!.startsWith(prefix)).map((c) => c.constraint);
    expect(labelsOf("path id ")).not.toContain("path id empty string");
    expect(labelsOf("header Upstash-Note ")).not.toContain("header Upstash-Note non-ASCII text");
    expect(labelsOf("header Upstash-Note ")).not.toContain("header Upstash-Note control characters");
    expect(labelsOf("query state ")).toContain("query state enum value with white space");
    for (const c of edgeCases.filter((x) => x.edge && x.constraint!.startsWith("header "))) {
      expect(valueAt(c, "headers", "Upstash-Note") ?? "", c.constraint!).toMatch(/^[\x20-\x7e]*$/);
    }
  });

  test("the positive property draws edge values among random ones", () => {
    const positive = edgeCases.find((c) => c.kind === "positive")!;
    const notes = fc.sample(positive.requests!, { seed: 5, numRuns: 200 }).map((r) => r.headers["Upstash-Note"]);
    expect(notes).toContain("");
    expect(notes.some((n) => n.length === 2_000)).toBe(true);
    expect(new Set(notes).size).toBeGreaterThan(50);
  });

  test("JSON bodies carry BigInts as exact digits", () => {
    expect(jsonWithBigInts({ a: 2n ** 63n - 1n, b: [1, -(2n ** 63n)] })).toBe(
      '{"a":9223372036854775807,"b":[1,-9223372036854775808]}',
    );
    // A string that looks like the marker is left alone.
    expect(JSON.parse(jsonWithBigInts({ a: 1n, s: "bigint~0~0" }))).toEqual({ a: 1, s: "bigint~0~0" });
    expect(jsonWithBigInts({ plain: "text" })).toBe('{"plain":"text"}');
  });
});

describe("requests per positive property", () => {
  test("FC_RUNS defaults to a fuzzer's depth and refuses what is not a positive integer", () => {
    expect(runsFromEnv({})).toBe(DEFAULT_RUNS);
    expect(DEFAULT_RUNS).toBe(100);
    expect(runsFromEnv({ FC_RUNS: "7" })).toBe(7);
    expect(() => runsFromEnv({ FC_RUNS: "0" })).toThrow(/FC_RUNS must be a positive integer/);
    expect(() => runsFromEnv({ FC_RUNS: "lots" })).toThrow(/FC_RUNS/);
  });
});
