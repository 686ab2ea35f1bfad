/**
 * A small description every classification case starts from: one list call with filters, one
 * create call with a JSON body (a free-form object, a union), one read by id (a typed map, a
 * union, a response header). Each case edits a copy of it.
 */
export const BASE = {
  openapi: "3.1.0",
  info: { title: "Classification base", version: "1.0.0" },
  servers: [{ url: "http://localhost:1" }],
  security: [{ bearer: [] }],
  components: {
    securitySchemes: {
      bearer: { type: "http", scheme: "bearer" },
      token: { type: "apiKey", in: "query", name: "token" },
    },
    schemas: {
      Thing: {
        type: "object",
        required: ["thingId", "state"],
        properties: {
          thingId: { type: "string" },
          state: { type: "string", enum: ["ready", "failed"] },
          count: { type: "integer" },
          note: { type: "string", maxLength: 10 },
          tags: { type: "object", properties: { env: { type: "string" } }, additionalProperties: { type: "string" } },
          owner: {
            oneOf: [
              { type: "object", required: ["userId"], properties: { userId: { type: "string" } } },
              { type: "string" },
            ],
          },
        },
      },
      Error: { type: "object", required: ["error"], properties: { error: { type: "string" } } },
    },
  },
  paths: {
    "/v2/things": {
      get: {
        operationId: "listThings",
        parameters: [
          { name: "label", in: "query", schema: { type: "string" } },
          { name: "count", in: "query", schema: { type: "integer", minimum: 1, maximum: 100 } },
          { name: "order", in: "query", schema: { type: "string", enum: ["asc", "desc"] } },
          { name: "since", in: "query", schema: { type: "string" } },
        ],
        responses: {
          "200": {
            description: "A page.",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["things"],
                  properties: { things: { type: "array", items: { $ref: "#/components/schemas/Thing" } } },
                },
              },
            },
          },
          "400": {
            description: "Refused.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        },
      },
      post: {
        operationId: "createThing",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["name"],
                properties: {
                  name: { type: "string", maxLength: 50 },
                  kind: { type: "string", enum: ["a", "b"] },
                  note: { type: ["string", "null"] },
                  size: { type: "integer" },
                  meta: { type: "object", properties: { source: { type: "string" } }, additionalProperties: true },
                  target: {
                    anyOf: [
                      { type: "object", required: ["queue"], properties: { queue: { type: "string" } } },
                      { type: "string" },
                    ],
                  },
                },
              },
            },
          },
        },
        responses: {
          "201": {
            description: "Made.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
          },
        },
      },
    },
    "/v2/things/{thingId}": {
      get: {
        operationId: "getThing",
        parameters: [{ name: "thingId", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "The thing.",
            headers: { "X-Remaining": { required: true, schema: { type: "integer" } } },
            content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
          },
          "404": {
            description: "None.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        },
      },
    },
  },
};

export type Description = typeof BASE & Record<string, any>;
