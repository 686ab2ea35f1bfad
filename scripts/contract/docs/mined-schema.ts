import { Ajv2020 } from "ajv/dist/2020.js";
import { common, kinds, pageSchema } from "../claims/catalog-schema.ts";

/**
 * JSON Schema of one mined page file (spec/mined/<source>/pages/*.yaml). The claims are those of
 * the hand-written catalog, with three differences: each carries its `source` (line on the page,
 * and the snippet it came through); none carries a verdict (accepted verdicts live apart, in
 * accepted.yaml, so that the facts stay valid whatever today's spec says); a status the page does
 * not state is left out, and the judge reads it as "the spec's success status". One kind is
 * added: `shell`, a mistake in a shell command.
 */

const SOURCE = {
  type: "object",
  additionalProperties: false,
  required: ["line"],
  properties: {
    line: { type: "integer", minimum: 1 },
    snippet: { type: "string" },
    snippetLine: { type: "integer", minimum: 1 },
  },
};

const exampleShape = kinds.example.properties.example as { properties: Record<string, unknown> };
const REQUEST_SENT = {
  type: "object",
  additionalProperties: false,
  required: ["method", "url", "headers"],
  properties: {
    method: exampleShape.properties.method,
    url: exampleShape.properties.url,
    headers: exampleShape.properties.headers,
    body: { type: "string" },
  },
};

/** A request as a snippet's SDK sent it (kind `sdk-request`, TypeScript): the example's shape. */
const REQUEST_SENT_WITH_LANGUAGE = kinds.example.properties.example;

/** What a sentence names (kind `prose`): an endpoint, or a header or query parameter on a call. */
const PROSE = {
  type: "object",
  additionalProperties: false,
  required: ["names", "context"],
  properties: {
    names: { enum: ["endpoint", "header", "query"] },
    name: { type: "string", minLength: 1 },
    value: { type: "string" },
    method: { enum: ["GET", "PUT", "POST", "DELETE", "PATCH"] },
    path: { type: "string", pattern: "^/" },
    context: { enum: ["sentence", "page", "words", "none"] },
  },
};
/** A limit stated in words (kind `limit`): the bounds a page gives one parameter. */
const LIMIT = {
  type: "object",
  additionalProperties: false,
  required: ["name", "in"],
  anyOf: ["default", "minimum", "maximum", "enum"].map((bound) => ({ required: [bound] })),
  properties: {
    name: { type: "string", minLength: 1 },
    in: { enum: ["query", "path", "header", "body"] },
    default: { type: ["string", "number", "boolean"] },
    minimum: { type: "number" },
    maximum: { type: "number" },
    enum: { type: "array", minItems: 2, items: { type: "string" } },
  },
};

/** An SDK example snippet (kind `sdk-snippet`): what it calls, and what the SDK's types or signatures say of it. */
const SNIPPET = {
  type: "object",
  additionalProperties: false,
  required: ["language", "sdk", "lines", "calls"],
  properties: {
    language: { enum: ["typescript", "python"] },
    sdk: { type: "string", pattern: "^(@upstash/(qstash|workflow)@\\d+\\.\\d+\\.\\d+|qstash-py@[0-9a-f]{12})$" },
    lines: { type: "array", minItems: 2, maxItems: 2, items: { type: "integer", minimum: 1 } },
    calls: { type: "array", items: { type: "string" } },
    elided: { type: "array", items: { type: "string" } },
    elidedModules: { type: "array", items: { type: "string" } },
    elidedArguments: { const: true },
    wrapped: { const: true },
    diagnostics: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["line", "code", "message"],
        properties: {
          line: { type: "integer" },
          code: { type: "integer" },
          message: { type: "string" },
          at: { type: "string" },
        },
      },
    },
    problems: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["line", "call", "problem"],
        properties: { line: { type: "integer" }, call: { type: "string" }, problem: { type: "string" } },
      },
    },
    run: {
      type: "object",
      additionalProperties: false,
      required: ["requests"],
      properties: { requests: { type: "integer", minimum: 0 }, stopped: { type: "string" } },
    },
  },
};

/** The SDK a request of a snippet went through (kind `sdk-request`). */
const SDK = {
  type: "object",
  additionalProperties: false,
  required: ["package", "version"],
  properties: {
    package: { enum: ["@upstash/qstash", "@upstash/workflow", "qstash-py"] },
    version: { type: "string" },
    call: { type: "string" },
    source: {
      type: "object",
      additionalProperties: false,
      required: ["file", "line"],
      properties: { file: { type: "string" }, line: { type: "integer" } },
    },
  },
};
const CAPTURED_NAMES = {
  type: "array",
  items: {
    type: "object",
    additionalProperties: false,
    required: ["name", "line"],
    properties: { name: { type: "string" }, line: { type: "integer" }, file: { type: "string" } },
  },
};
/** A request the captures say a Python call sends: names only, values come from the spec at judge time. */
const CAPTURE = {
  type: "object",
  additionalProperties: false,
  required: ["method", "path", "query", "headers", "body"],
  properties: {
    method: { type: "string" },
    path: { type: "string", pattern: "^/" },
    query: CAPTURED_NAMES,
    headers: CAPTURED_NAMES,
    body: {
      type: "object",
      required: ["kind"],
      properties: { kind: { enum: ["none", "raw", "json"] }, fields: CAPTURED_NAMES, entryHeaders: CAPTURED_NAMES },
    },
    baseUrl: { type: "string" },
  },
};

const minedKinds: Record<string, { required: string[]; properties: Record<string, unknown> }> = {
  ...kinds,
  example: {
    required: ["example"],
    properties: {
      ...kinds.example.properties,
      documents: { type: "string", pattern: "^(GET|PUT|POST|DELETE|PATCH) /" },
    },
  },
  response: { required: ["response"], properties: { response: relaxStatus(kinds.response.properties.response) } },
  "response-example": {
    required: ["response"],
    properties: { response: relaxStatus(kinds["response-example"].properties.response) },
  },
  shell: {
    required: ["shell", "example", "actual"],
    properties: {
      shell: {
        type: "object",
        additionalProperties: false,
        required: ["mistake", "line", "detail"],
        properties: {
          mistake: { enum: ["backslash-space", "missing-continuation", "unquoted-placeholder"] },
          line: { type: "integer" },
          detail: { type: "string" },
        },
      },
      example: kinds.example.properties.example,
      actual: { oneOf: [{ const: "nothing" }, REQUEST_SENT] },
    },
  },
  prose: { required: ["prose"], properties: { prose: PROSE } },
  limit: { required: ["limit"], properties: { limit: LIMIT } },
  "sdk-snippet": { required: ["snippet"], properties: { snippet: SNIPPET } },
  "sdk-request": {
    required: ["sdk"],
    properties: { sdk: SDK, example: REQUEST_SENT_WITH_LANGUAGE, capture: CAPTURE },
  },
};

function relaxStatus(shape: unknown): unknown {
  const copy = structuredClone(shape) as { required: string[] };
  copy.required = copy.required.filter((name) => name !== "status");
  return copy;
}

export const MINED_KINDS = Object.keys(minedKinds);

const { verdict: _verdict, ...commonWithoutVerdict } = common;
/** A claim made in words may name a path without its method (`ANY /v2/dlq`) or no call at all (`ANY *`). */
const minedCommon = {
  ...commonWithoutVerdict,
  operation: { type: "string", pattern: "^(GET|PUT|POST|DELETE|PATCH|ANY) (/\\S*|\\*)$" },
};

export const minedCatalogSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  additionalProperties: false,
  required: ["page", "claims"],
  properties: {
    page: { ...pageSchema, required: [...pageSchema.required, "commit"] },
    claims: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["id", "kind", "operation", "statement", "source"],
        properties: { kind: { enum: MINED_KINDS } },
        allOf: Object.entries(minedKinds).map(([kind, shape]) => ({
          if: { properties: { kind: { const: kind } } },
          then: {
            required: shape.required,
            properties: { ...minedCommon, source: SOURCE, ...shape.properties },
            additionalProperties: false,
          },
        })),
      },
    },
  },
} as const;

export const validateMinedPage = new Ajv2020({ allErrors: false, strict: false }).compile(minedCatalogSchema);
