/** JSON Schema (2020-12) of one spec/claims/*.yaml file: a page and the claims it makes. */

export const TYPE = {
  enum: [
    "string",
    "integer",
    "number",
    "boolean",
    "object",
    "string[]",
    "integer[]",
    "number[]",
    "boolean[]",
    "object[]",
  ],
};
const OPERATION = { type: "string", pattern: "^(GET|PUT|POST|DELETE|PATCH) /\\S*$" };
const VERDICT = { enum: ["holds", "contradicted", "unverifiable"] };
const REQUEST = {
  type: "object",
  additionalProperties: false,
  properties: {
    query: { type: "object" },
    rawQuery: { type: "string" },
    path: { type: "object", additionalProperties: { type: "string" } },
    headers: { type: "object", additionalProperties: { type: "string" } },
    body: {},
  },
};

export const common = {
  id: { type: "string", pattern: "^[a-z0-9-]+/[A-Za-z0-9-]+$" },
  kind: { type: "string" },
  operation: OPERATION,
  statement: { type: "string", minLength: 10 },
  verdict: VERDICT,
  request: REQUEST,
  intent: { enum: ["ids", "filter"] },
};

/** Each kind names the one field that carries its claim. */
export const kinds: Record<string, { required: string[]; properties: Record<string, unknown> }> = {
  parameter: {
    required: ["parameter"],
    properties: {
      sample: {},
      parameter: {
        type: "object",
        additionalProperties: false,
        required: ["name", "in", "type"],
        properties: {
          name: { type: "string" },
          in: { enum: ["query", "path", "header", "body"] },
          type: TYPE,
          required: { type: "boolean" },
          deprecated: { type: "boolean" },
          minimum: { type: "number" },
          maximum: { type: "number" },
          default: {},
        },
      },
    },
  },
  body: {
    required: ["body"],
    properties: {
      body: {
        type: "object",
        additionalProperties: false,
        properties: { field: { type: "string" }, type: TYPE, required: { type: "boolean" }, none: { const: true } },
        oneOf: [{ required: ["field", "type"] }, { required: ["none"] }],
      },
    },
  },
  response: {
    required: ["response"],
    properties: {
      response: {
        type: "object",
        additionalProperties: false,
        required: ["status"],
        properties: { status: { type: "integer" }, field: { type: "string" }, type: TYPE, empty: { const: true } },
        oneOf: [{ required: ["field", "type"] }, { required: ["empty"] }],
      },
    },
  },
  "response-example": {
    required: ["response"],
    properties: {
      response: {
        type: "object",
        additionalProperties: false,
        required: ["status", "body"],
        properties: { status: { type: "integer" }, body: {} },
      },
    },
  },
  status: { required: ["status"], properties: { status: { type: "integer", minimum: 100, maximum: 599 } } },
  example: {
    required: ["example", "expect"],
    properties: {
      example: {
        type: "object",
        additionalProperties: false,
        required: ["language", "method", "url", "headers"],
        properties: {
          language: { type: "string" },
          method: { enum: ["GET", "PUT", "POST", "DELETE", "PATCH"] },
          url: { type: "string", pattern: "^https?://" },
          headers: { type: "object", additionalProperties: { type: "string" } },
          body: { type: "string" },
        },
      },
      expect: {
        type: "object",
        additionalProperties: false,
        required: ["status"],
        properties: { status: { type: "integer" } },
      },
    },
  },
  server: { required: ["server"], properties: { server: { type: "string", pattern: "^https?://" } } },
  security: {
    required: ["security"],
    properties: {
      security: {
        type: "object",
        additionalProperties: false,
        required: ["in", "name"],
        properties: { in: { enum: ["header", "query"] }, name: { type: "string" } },
      },
    },
  },
  semantics: { required: ["reason"], properties: { reason: { type: "string", minLength: 10 } } },
  "wire-form": {
    required: ["wire"],
    properties: {
      wire: {
        type: "object",
        additionalProperties: false,
        required: ["destination", "target", "sources"],
        properties: {
          destination: { type: "string", pattern: "^https?://" },
          target: { type: "string", pattern: "^/" },
          sources: {
            type: "array",
            minItems: 1,
            items: {
              type: "object",
              additionalProperties: false,
              required: ["repository", "commit", "file", "line", "fact"],
              properties: {
                repository: { type: "string", pattern: "^[\\w.-]+/[\\w.-]+$" },
                commit: { type: "string", pattern: "^[0-9a-f]{40}$" },
                file: { type: "string" },
                line: { type: "integer", minimum: 1 },
                fact: { type: "string", minLength: 10 },
                fixture: { type: "string" },
              },
            },
          },
        },
      },
    },
  },
};

export const CLAIM_KINDS = Object.keys(kinds);

export const pageSchema = {
  type: "object",
  additionalProperties: false,
  required: ["key", "title", "url", "seed", "era"],
  properties: {
    key: { type: "string", pattern: "^[a-z0-9-]+$" },
    title: { type: "string" },
    url: { type: ["string", "null"] },
    seed: { type: "string" },
    era: { enum: ["older", "middle", "current"] },
    /** The docs commit the page was read at (mined catalogs). */
    commit: { type: "string", pattern: "^[0-9a-f]{40}$" },
  },
};

export const catalogSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  additionalProperties: false,
  required: ["page", "claims"],
  properties: {
    page: pageSchema,
    claims: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["id", "kind", "operation", "statement", "verdict"],
        properties: { kind: { enum: CLAIM_KINDS } },
        allOf: Object.entries(kinds).map(([kind, shape]) => ({
          if: { properties: { kind: { const: kind } } },
          then: {
            required: shape.required,
            properties: { ...common, ...shape.properties },
            additionalProperties: false,
          },
        })),
      },
    },
  },
} as const;
