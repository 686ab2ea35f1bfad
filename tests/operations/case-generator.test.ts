import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isDotSegment } from "../../scripts/contract/operations/arbitraries.ts";
import { generateCases, rejectStatus, seedFromEnv } from "../../scripts/contract/operations/cases.ts";
import { readOperations } from "../../scripts/contract/operations/model.ts";
import { createSchemaValidator } from "../../scripts/contract/operations/schema-validator.ts";

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
          content: { "application/json": { schema: { type: "object", required: ["title"], properties: { title: { type: "string" }, weight: { type: "integer", minimum: 0 } } } } },
        },
        responses: {
          "201": { description: "made", content: { "application/json": { schema: { type: "object", properties: { id: { type: "string" } } } } } },
          "400": { description: "bad" },
          "409": { description: "exists", content: { "application/json": { schema: { type: "object" } } } },
        },
      },
    },
  },
  components: { schemas: { Mode: { type: "string", enum: ["fast", "slow"] } } },
};

const { cases } = generateCases(description, { seed: 7, numRuns: 2 });
const pick = (constraint: string) => cases.filter((c) => c.constraint === constraint).map((c) => [c.kind, c.request.query[constraint.split(" ")[1]]]);

describe("case generator", () => {
  test("minimum and maximum get a boundary value inside and one outside, on both sides", () => {
    expect(pick("query size minimum")).toEqual([["accept", 1], ["reject", 0]]);
    expect(pick("query size maximum")).toEqual([["accept", 10], ["reject", 11]]);
  });

  test("an enum reached through $ref is probed with its ends and one value outside", () => {
    expect(pick("query mode enum")).toEqual([["accept", "fast"], ["accept", "slow"], ["reject", "NOT_ALLOWED"]]);
  });

  test("a required query parameter is left out by its negative", () => {
    const [c] = cases.filter((x) => x.constraint === "query mode required");
    expect(c.kind).toBe("reject");
    expect("mode" in c.request.query).toBe(false);
    expect(c.expect.violation).toEqual({ codes: ["required"], location: ["query"] });
  });

  test("array form and item type, header type, body required, property required and content type are covered", () => {
    const constraints = new Set(cases.map((c) => c.constraint));
    for (const expected of ["query ids array form", "query ids array items", "header Upstash-Flag type", "body required", "body.title required", "body.weight minimum", "body content type", "body content type application/json", "security"]) {
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
      if (request.query.size !== undefined) expect(validator.validate("/paths/~1v2~1things~1{name}/post/parameters/1/schema", request.query.size)).toEqual([]);
      expect(isDotSegment(request.pathParams.name)).toBe(false);
      expect(request.body?.value).toHaveProperty("title");
    }
  });

  test("FC_SEED replays a run and refuses a non-integer", () => {
    expect(seedFromEnv({ FC_SEED: "123" })).toBe(123);
    expect(() => seedFromEnv({ FC_SEED: "abc" })).toThrow(/FC_SEED/);
  });
});
