import { describe, expect, test } from "vitest";
import { createSchemaValidator } from "../../../../scripts/contract/operations/schema-validator.ts";

// A small description whose schemas use 2020-12 keywords that Prism (draft-07) ignores.
const description = {
  openapi: "3.1.0",
  components: {
    schemas: {
      Pair: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], items: false },
      Kind: { const: "cancel" },
      Card: {
        type: "object",
        properties: { a: { type: "string" }, b: { type: "string" } },
        dependentRequired: { a: ["b"] },
      },
      Closed: { type: "object", properties: { id: { type: "string" } }, unevaluatedProperties: false },
      Wrapper: { type: "object", required: ["kind"], properties: { kind: { $ref: "#/components/schemas/Kind" } } },
      Count: { type: "integer", format: "int64", minimum: 0 },
      Blob: { type: "string", format: "byte" },
    },
  },
  paths: {
    "/v2/x/{id}": {
      get: {
        responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Wrapper" } } } } },
      },
    },
  },
};

const validator = createSchemaValidator(description);

describe("2020-12 schema validator", () => {
  test.each([
    ["prefixItems", "/components/schemas/Pair", ["a", 1], ["a", "b"]],
    ["items: false after prefixItems", "/components/schemas/Pair", ["a", 1], ["a", 1, 2]],
    ["const", "/components/schemas/Kind", "cancel", "delete"],
    ["dependentRequired", "/components/schemas/Card", { a: "x", b: "y" }, { a: "x" }],
    ["unevaluatedProperties", "/components/schemas/Closed", { id: "1" }, { id: "1", extra: true }],
    ["$ref between components", "/components/schemas/Wrapper", { kind: "cancel" }, { kind: "other" }],
    ["minimum on a count", "/components/schemas/Count", 0, -1],
    ["format byte (base64)", "/components/schemas/Blob", "dGV4dA==", "not base64!"],
  ])("%s is enforced", (_keyword, pointer, valid, invalid) => {
    expect(validator.validate(pointer, valid)).toEqual([]);
    expect(validator.validate(pointer, invalid).length).toBeGreaterThan(0);
  });

  test("a pointer through a path template with braces resolves", () => {
    const pointer = "/paths/~1v2~1x~1{id}/get/responses/200/content/application~1json/schema";
    expect(validator.validate(pointer, { kind: "cancel" })).toEqual([]);
    expect(validator.validate(pointer, {})[0]).toMatch(/kind/);
  });
});
