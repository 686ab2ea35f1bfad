/**
 * Proves the change report's three levels. For each case, a caller written against the OLD
 * generated types is compiled against the NEW ones:
 * - `compile` (breaking): it compiles against the old types and tsc fails against the new;
 * - `runtime` (warning): it compiles against both, and either a value the caller sends was valid
 *   under the old schema and is refused by the new (JSON Schema validator, as Prism and the
 *   server judge it), or the case names the run-time fact no offline check can show;
 * - `none` (fine): it compiles against both, and nothing in the report is graver.
 * Every rule of every change kind (kind × direction) has at least one case.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CHANGE_KINDS, type ChangeKind, type Effect } from "../../../scripts/diff/change-kinds.ts";
import { compareDescriptions } from "../../../scripts/diff/compare-descriptions.ts";
import { createSchemaValidator } from "../../../scripts/contract/operations/schema-validator.ts";
import { BASE } from "./change-kinds.base.ts";
import { compileCallers } from "../../helpers/compile-callers.ts";

type Doc = any;
interface Case {
  /** The change kind the report must give, and how it must classify it. */
  kind: ChangeKind;
  effect: Effect;
  before?: (doc: Doc) => void;
  change: (doc: Doc) => void;
  /** Statements inside `async () => { … }`, with `client` typed from the generated paths. */
  caller: string;
  /**
   * A value the old caller sends and the JSON pointer of its schema: valid before; refused after
   * for a `runtime` case, still valid after for a `none` case that says so.
   */
  probe?: { value: unknown; at: string };
  /** For a `runtime` case no validator can show: what refuses the call, and why tsc cannot see it. */
  atRunTime?: string;
  /** Kinds the report must not give (a false line it used to print). */
  absent?: ChangeKind[];
}

const list = (doc: Doc) => doc.paths["/v2/things"].get;
const create = (doc: Doc) => doc.paths["/v2/things"].post;
const body = (doc: Doc) => create(doc).requestBody.content["application/json"].schema;
const one = (doc: Doc) => doc.paths["/v2/things/{thingId}"].get;
const found = (doc: Doc) => one(doc).responses["200"];
const thing = (doc: Doc) => doc.components.schemas.Thing;
const param = (doc: Doc, name: string) => list(doc).parameters.find((p: any) => p.name === name);
const PARAMETER = (index: number) => `/paths/~1v2~1things/get/parameters/${index}/schema`;
const [COUNT, SINCE] = [PARAMETER(1), PARAMETER(3)];
const BODY = "/paths/~1v2~1things/post/requestBody/content/application~1json/schema";
const ERROR_REF = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };

const LIST_WITH = (query: string) => `await client.GET("/v2/things", { params: { query: { ${query} } } });`;
const CREATE_WITH = (fields: string) => `await client.POST("/v2/things", { body: { ${fields} } });`;
const THING_ID = `{ params: { path: { thingId: "t1" } } }`;
const READ_ONE = (statement: string) =>
  `const { data } = await client.GET("/v2/things/{thingId}", ${THING_ID}); if (data) { ${statement} }`;
const READ_ERROR = `const { error } = await client.GET("/v2/things/{thingId}", ${THING_ID}); if (error) { const message: string = error.error; void message; }`;
const READ_LIST_ERROR = `const { error } = await client.GET("/v2/things"); if (error) { const message: string = error.error; void message; }`;
const READ_CREATED = `const { data } = await client.POST("/v2/things", { body: { name: "n" } }); if (data) { const id: string = data.thingId; void id; }`;
const READ_ID = READ_ONE(`const id: string = data.thingId; void id;`);
const READ_COUNT = READ_ONE(`const count: number | undefined = data.count; void count;`);
const READ_NOTE = READ_ONE(`const note: string | undefined = data.note; void note;`);
const READ_STATE = READ_ONE(`const state: "ready" | "failed" = data.state; void state;`);
const READ_OWNER = READ_ONE(`const owner: { userId: string } | string | undefined = data.owner; void owner;`);
const SERVERS_WITH_REGION = (d: Doc) =>
  (d.servers = [{ url: "http://{region}.localhost", variables: { region: { default: "eu", enum: ["eu", "us"] } } }]);
const NOT_TYPED = "servers and credentials are not in the generated types; only the server (or Prism) refuses the call";

const CASES: Record<string, Case> = {
  // Operations and paths
  "an operation is removed": {
    kind: "operation-removed",
    effect: "compile",
    change: (d) => delete d.paths["/v2/things/{thingId}"],
    caller: READ_ONE(`void data;`),
  },
  "an operation is added": {
    kind: "operation-added",
    effect: "none",
    change: (d) =>
      (d.paths["/v2/things"].delete = { operationId: "clearThings", responses: { "200": { description: "Gone." } } }),
    caller: READ_ONE(`void data;`),
  },
  "an operation is deprecated": {
    kind: "operation-deprecated",
    effect: "none",
    change: (d) => (one(d).deprecated = true),
    caller: READ_ONE(`void data;`),
  },
  "a deprecated operation is reactivated": {
    kind: "operation-reactivated",
    effect: "none",
    before: (d) => (one(d).deprecated = true),
    change: (d) => delete one(d).deprecated,
    caller: READ_ID,
  },
  "an operationId changes": {
    kind: "operation-id-changed",
    effect: "compile",
    change: (d) => (one(d).operationId = "fetchThing"),
    caller: `const answer: Operations["getThing"]["responses"][200] | undefined = undefined; void answer;`,
  },
  "a path parameter is renamed": {
    kind: "path-parameter-renamed",
    effect: "compile",
    change: (d) => (
      (d.paths["/v2/things/{id}"] = d.paths["/v2/things/{thingId}"]),
      delete d.paths["/v2/things/{thingId}"],
      (d.paths["/v2/things/{id}"].get.parameters[0].name = "id")
    ),
    caller: READ_ONE(`void data;`),
  },
  // Auth and servers
  "an auth alternative is removed": {
    kind: "security-alternative-removed",
    effect: "runtime",
    before: (d) => (d.security = [{ bearer: [] }, { token: [] }]),
    change: (d) => (d.security = [{ bearer: [] }]),
    caller: READ_ID,
    atRunTime: NOT_TYPED,
  },
  "an auth alternative is added": {
    kind: "security-alternative-added",
    effect: "none",
    change: (d) => (d.security = [{ bearer: [] }, { token: [] }]),
    caller: READ_ID,
  },
  "a call starts to need credentials": {
    kind: "security-required",
    effect: "runtime",
    before: (d) => (one(d).security = []),
    change: (d) => delete one(d).security,
    caller: READ_ID,
    atRunTime: NOT_TYPED,
  },
  "a security scheme moves the credential": {
    kind: "security-scheme-changed",
    effect: "runtime",
    change: (d) => (d.components.securitySchemes.bearer = { type: "apiKey", in: "header", name: "X-Key" }),
    caller: READ_ID,
    atRunTime: NOT_TYPED,
  },
  "a server is removed": {
    kind: "server-removed",
    effect: "runtime",
    change: (d) => (d.servers = [{ url: "http://localhost:2" }]),
    caller: READ_ID,
    atRunTime: NOT_TYPED,
  },
  "a server is added": {
    kind: "server-added",
    effect: "none",
    change: (d) => d.servers.push({ url: "http://localhost:2" }),
    caller: READ_ID,
  },
  "a server variable loses a value": {
    kind: "server-variable-value-removed",
    effect: "runtime",
    before: SERVERS_WITH_REGION,
    change: (d) => (d.servers[0].variables.region.enum = ["eu"]),
    caller: READ_ID,
    atRunTime: NOT_TYPED,
  },
  "a server variable gains a value": {
    kind: "server-variable-value-added",
    effect: "none",
    before: SERVERS_WITH_REGION,
    change: (d) => d.servers[0].variables.region.enum.push("ap"),
    caller: READ_ID,
  },
  "a server variable's default changes": {
    kind: "server-variable-default-changed",
    effect: "none",
    before: SERVERS_WITH_REGION,
    change: (d) => (d.servers[0].variables.region.default = "us"),
    caller: READ_ID,
  },
  // Parameters
  "a filter that took one value takes a list": {
    kind: "became-list",
    effect: "compile",
    change: (d) => (param(d, "label").schema = { type: "array", items: { type: "string" } }),
    caller: LIST_WITH(`label: "red"`),
  },
  "a string enum filter becomes a list of that enum": {
    kind: "became-list",
    effect: "compile",
    change: (d) => (param(d, "order").schema = { type: "array", items: { type: "string", enum: ["asc", "desc"] } }),
    caller: LIST_WITH(`order: "asc"`),
    absent: ["enum-lifted", "enum-value-removed"],
  },
  "a list filter takes one value": {
    kind: "became-single",
    effect: "compile",
    before: (d) => (param(d, "label").schema = { type: "array", items: { type: "string" } }),
    change: (d) => (param(d, "label").schema = { type: "string" }),
    caller: LIST_WITH(`label: ["red"]`),
  },
  "a filter accepts one value or a list": {
    kind: "type-widened",
    effect: "none",
    change: (d) => (param(d, "label").schema = { type: ["string", "array"], items: { type: "string" } }),
    caller: LIST_WITH(`label: "red"`),
  },
  "a filter changes type": {
    kind: "type-changed",
    effect: "compile",
    change: (d) => (param(d, "since").schema = { type: "integer" }),
    caller: LIST_WITH(`since: "yesterday"`),
  },
  "a parameter is removed": {
    kind: "parameter-removed",
    effect: "compile",
    change: (d) => (list(d).parameters = list(d).parameters.filter((p: any) => p.name !== "order")),
    caller: LIST_WITH(`order: "asc"`),
  },
  "a header parameter is removed": {
    kind: "parameter-removed",
    effect: "compile",
    before: (d) => list(d).parameters.push({ name: "X-Trace", in: "header", schema: { type: "string" } }),
    change: (d) => list(d).parameters.pop(),
    caller: `await client.GET("/v2/things", { params: { header: { "X-Trace": "t" } } });`,
  },
  "an optional parameter is added": {
    kind: "parameter-added-optional",
    effect: "none",
    change: (d) => list(d).parameters.push({ name: "cursor", in: "query", schema: { type: "string" } }),
    caller: LIST_WITH(`label: "red"`),
  },
  "a required parameter is added": {
    kind: "parameter-added-required",
    effect: "compile",
    change: (d) => list(d).parameters.push({ name: "region", in: "query", required: true, schema: { type: "string" } }),
    caller: LIST_WITH(`label: "red"`),
  },
  "a parameter becomes required": {
    kind: "parameter-became-required",
    effect: "compile",
    change: (d) => (param(d, "since").required = true),
    caller: LIST_WITH(`label: "red"`),
  },
  "a required parameter becomes optional": {
    kind: "parameter-became-optional",
    effect: "none",
    before: (d) => (param(d, "since").required = true),
    change: (d) => delete param(d, "since").required,
    caller: LIST_WITH(`since: "x"`),
  },
  "a parameter is deprecated": {
    kind: "parameter-deprecated",
    effect: "none",
    change: (d) => (param(d, "since").deprecated = true),
    caller: LIST_WITH(`since: "x"`),
  },
  "a deprecated parameter is reactivated": {
    kind: "parameter-reactivated",
    effect: "none",
    before: (d) => (param(d, "since").deprecated = true),
    change: (d) => delete param(d, "since").deprecated,
    caller: LIST_WITH(`since: "x"`),
  },
  "a parameter's serialization changes": {
    kind: "parameter-serialization-changed",
    effect: "runtime",
    change: (d) => (param(d, "label").explode = false),
    caller: LIST_WITH(`label: "red"`),
    atRunTime:
      "openapi-fetch serializes by its own querySerializer, not by the description's style: the bytes sent do not change, the server's reading of them does",
  },
  "a request enum loses a value": {
    kind: "enum-value-removed",
    effect: "compile",
    change: (d) => (param(d, "order").schema.enum = ["asc"]),
    caller: LIST_WITH(`order: "desc"`),
  },
  "a request enum gains a value": {
    kind: "enum-value-added",
    effect: "none",
    change: (d) => param(d, "order").schema.enum.push("random"),
    caller: LIST_WITH(`order: "desc"`),
  },
  "a free request value becomes an enum": {
    kind: "became-enum",
    effect: "compile",
    change: (d) => (param(d, "since").schema.enum = ["today", "week"]),
    caller: LIST_WITH(`since: "yesterday"`),
  },
  "a request enum is lifted": {
    kind: "enum-lifted",
    effect: "none",
    change: (d) => delete param(d, "order").schema.enum,
    caller: LIST_WITH(`order: "asc"`),
  },
  "a request maximum shrinks": {
    kind: "limit-narrowed",
    effect: "runtime",
    change: (d) => (param(d, "count").schema.maximum = 10),
    caller: LIST_WITH(`count: 50`),
    probe: { value: 50, at: COUNT },
  },
  "a request minimum appears": {
    kind: "limit-narrowed",
    effect: "runtime",
    change: (d) => (param(d, "since").schema.minLength = 5),
    caller: LIST_WITH(`since: "x"`),
    probe: { value: "x", at: SINCE },
  },
  "a request maximum grows": {
    kind: "limit-widened",
    effect: "none",
    change: (d) => (param(d, "count").schema.maximum = 1000),
    caller: LIST_WITH(`count: 50`),
  },
  "a default changes": {
    kind: "default-changed",
    effect: "none",
    change: (d) => (param(d, "count").schema.default = 20),
    caller: LIST_WITH(`count: 50`),
  },
  "a request pattern appears": {
    kind: "limit-narrowed",
    effect: "runtime",
    change: (d) => (param(d, "since").schema.pattern = "^[0-9]+$"),
    caller: LIST_WITH(`since: "x"`),
    probe: { value: "x", at: SINCE },
  },
  "a request format appears": {
    kind: "format-changed",
    effect: "runtime",
    change: (d) => (param(d, "since").schema.format = "date-time"),
    caller: LIST_WITH(`since: "yesterday"`),
    probe: { value: "yesterday", at: SINCE },
  },
  "a request number becomes an integer": {
    kind: "became-integer",
    effect: "runtime",
    before: (d) => (param(d, "count").schema.type = "number"),
    change: (d) => (param(d, "count").schema.type = "integer"),
    caller: LIST_WITH(`count: 1.5`),
    probe: { value: 1.5, at: COUNT },
  },
  "a request integer becomes a number": {
    kind: "became-number",
    effect: "none",
    change: (d) => (param(d, "count").schema.type = "number"),
    caller: LIST_WITH(`count: 5`),
  },
  // Request body
  "a request body field is removed": {
    kind: "field-removed",
    effect: "none",
    change: (d) => delete body(d).properties.size,
    caller: CREATE_WITH(`name: "n", size: 3`),
    probe: { value: { name: "n", size: 3 }, at: BODY },
  },
  "a field is removed from a closed request body": {
    kind: "field-removed-from-closed-object",
    effect: "runtime",
    before: (d) => (body(d).additionalProperties = false),
    change: (d) => delete body(d).properties.size,
    caller: CREATE_WITH(`name: "n", size: 3`),
    probe: { value: { name: "n", size: 3 }, at: BODY },
  },
  "a required request body field is added": {
    kind: "field-added-required",
    effect: "compile",
    change: (d) => ((body(d).properties.owner = { type: "string" }), body(d).required.push("owner")),
    caller: CREATE_WITH(`name: "n"`),
  },
  "an optional request body field is added": {
    kind: "field-added-optional",
    effect: "none",
    change: (d) => (body(d).properties.owner = { type: "string" }),
    caller: CREATE_WITH(`name: "n"`),
  },
  "a request body field becomes required": {
    kind: "field-became-required",
    effect: "compile",
    change: (d) => body(d).required.push("kind"),
    caller: CREATE_WITH(`name: "n"`),
  },
  "a required request body field becomes optional": {
    kind: "field-became-optional",
    effect: "none",
    before: (d) => body(d).required.push("kind"),
    change: (d) => (body(d).required = ["name"]),
    caller: CREATE_WITH(`name: "n", kind: "a"`),
  },
  "a default is added to a shared schema's field a request body uses": {
    kind: "field-became-required",
    effect: "compile",
    before: (d) => (
      (d.components.schemas.NewThing = body(d)),
      (create(d).requestBody.content["application/json"].schema = { $ref: "#/components/schemas/NewThing" })
    ),
    change: (d) => (d.components.schemas.NewThing.properties.size.default = 1),
    caller: CREATE_WITH(`name: "n"`),
  },
  "a request body field is deprecated": {
    kind: "field-deprecated",
    effect: "none",
    change: (d) => (body(d).properties.size.deprecated = true),
    caller: CREATE_WITH(`name: "n", size: 3`),
  },
  "a deprecated request body field is reactivated": {
    kind: "field-reactivated",
    effect: "none",
    before: (d) => (body(d).properties.size.deprecated = true),
    change: (d) => delete body(d).properties.size.deprecated,
    caller: CREATE_WITH(`name: "n", size: 3`),
  },
  "a request body field gets shorter": {
    kind: "limit-narrowed",
    effect: "runtime",
    change: (d) => (body(d).properties.name.maxLength = 3),
    caller: CREATE_WITH(`name: "longer"`),
    probe: { value: "longer", at: `${BODY}/properties/name` },
  },
  "a request body field changes type": {
    kind: "type-changed",
    effect: "compile",
    change: (d) => (body(d).properties.size = { type: "string" }),
    caller: CREATE_WITH(`name: "n", size: 3`),
  },
  "a request body field narrows its type": {
    kind: "type-narrowed",
    effect: "compile",
    before: (d) => (body(d).properties.size.type = ["integer", "string"]),
    change: (d) => (body(d).properties.size.type = "integer"),
    caller: CREATE_WITH(`name: "n", size: "3"`),
  },
  "a request body field no longer takes null": {
    kind: "became-not-nullable",
    effect: "compile",
    change: (d) => (body(d).properties.note = { type: "string" }),
    caller: CREATE_WITH(`name: "n", note: null`),
  },
  "a request body field takes null": {
    kind: "became-nullable",
    effect: "none",
    change: (d) => (body(d).properties.size = { type: ["integer", "null"] }),
    caller: CREATE_WITH(`name: "n", size: 3`),
  },
  "a request body no longer accepts unlisted fields": {
    kind: "additional-properties-narrowed",
    effect: "runtime",
    change: (d) => (body(d).additionalProperties = false),
    caller: CREATE_WITH(`name: "n"`),
    probe: { value: { name: "n", extra: 1 }, at: BODY },
  },
  "a closed request body accepts unlisted fields": {
    kind: "additional-properties-widened",
    effect: "none",
    before: (d) => (body(d).additionalProperties = false),
    change: (d) => delete body(d).additionalProperties,
    caller: CREATE_WITH(`name: "n"`),
  },
  "a request field's free-form object loses its index signature": {
    kind: "index-signature-removed",
    effect: "none",
    change: (d) => delete body(d).properties.meta.additionalProperties,
    caller: CREATE_WITH(`name: "n", meta: { source: "s", extra: 1 }`),
    probe: { value: { name: "n", meta: { source: "s", extra: 1 } }, at: BODY },
  },
  "a request free-form object with no listed fields loses its index signature": {
    kind: "index-signature-removed-no-fields",
    effect: "compile",
    before: (d) => delete body(d).properties.meta.properties,
    change: (d) => delete body(d).properties.meta.additionalProperties,
    caller: CREATE_WITH(`name: "n", meta: { extra: 1 }`),
  },
  "a request field gains an index signature": {
    kind: "index-signature-added",
    effect: "none",
    before: (d) => delete body(d).properties.meta.additionalProperties,
    change: (d) => (body(d).properties.meta.additionalProperties = true),
    caller: CREATE_WITH(`name: "n", meta: { source: "s" }`),
  },
  "the last field of a request object is removed": {
    kind: "last-field-removed",
    effect: "compile",
    before: (d) => delete body(d).properties.meta.additionalProperties,
    change: (d) => delete body(d).properties.meta.properties,
    caller: CREATE_WITH(`name: "n", meta: { source: "s" }`),
  },
  "a request alternative is removed": {
    kind: "variant-removed",
    effect: "compile",
    change: (d) => (body(d).properties.target.anyOf = [body(d).properties.target.anyOf[0], { type: "integer" }]),
    caller: CREATE_WITH(`name: "n", target: "https://example.com"`),
  },
  "a request alternative another still covers is removed": {
    kind: "variant-removed-known-shape",
    effect: "none",
    before: (d) => body(d).properties.target.anyOf.push({ type: "string", format: "uri" }),
    change: (d) => body(d).properties.target.anyOf.pop(),
    caller: CREATE_WITH(`name: "n", target: "https://example.com"`),
  },
  "a request alternative is added": {
    kind: "variant-added",
    effect: "none",
    change: (d) => body(d).properties.target.anyOf.push({ type: "integer" }),
    caller: CREATE_WITH(`name: "n", target: "https://example.com"`),
  },
  "the request body is removed": {
    kind: "request-body-removed",
    effect: "compile",
    change: (d) => delete create(d).requestBody,
    caller: CREATE_WITH(`name: "n"`),
  },
  "a required request body is added": {
    kind: "request-body-added-required",
    effect: "compile",
    change: (d) =>
      (one(d).requestBody = {
        required: true,
        content: {
          "application/json": {
            schema: { type: "object", required: ["why"], properties: { why: { type: "string" } } },
          },
        },
      }),
    caller: READ_ID,
  },
  "an optional request body is added": {
    kind: "request-body-added-optional",
    effect: "none",
    change: (d) => (one(d).requestBody = { content: { "application/json": { schema: { type: "object" } } } }),
    caller: READ_ID,
  },
  "the request body becomes required": {
    kind: "request-body-became-required",
    effect: "compile",
    before: (d) => (create(d).requestBody.required = false),
    change: (d) => (create(d).requestBody.required = true),
    caller: `await client.POST("/v2/things", {});`,
  },
  "the request body becomes optional": {
    kind: "request-body-became-optional",
    effect: "none",
    change: (d) => (create(d).requestBody.required = false),
    caller: CREATE_WITH(`name: "n"`),
  },
  "a request content type is added": {
    kind: "request-media-type-added",
    effect: "none",
    change: (d) => (create(d).requestBody.content["text/plain"] = { schema: { type: "string" } }),
    caller: CREATE_WITH(`name: "n"`),
  },
  "a request content type whose shape no other takes is removed": {
    kind: "request-media-type-removed-only-shape",
    effect: "compile",
    before: (d) => (create(d).requestBody.content["text/plain"] = { schema: { type: "string" } }),
    change: (d) => delete create(d).requestBody.content["text/plain"],
    caller: `await client.POST("/v2/things", { body: "name=n" });`,
  },
  "a request content type whose shape another takes is removed": {
    kind: "request-media-type-removed",
    effect: "runtime",
    before: (d) =>
      (create(d).requestBody.content["application/x-www-form-urlencoded"] = {
        schema: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
      }),
    change: (d) => delete create(d).requestBody.content["application/x-www-form-urlencoded"],
    caller: CREATE_WITH(`name: "n"`),
    atRunTime:
      "the content type is a header chosen at run time, not part of `body`'s type: only the server (or Prism, with 415) refuses it",
  },
  // Responses: statuses and media types
  "the only success status is removed": {
    kind: "response-body-gone",
    effect: "compile",
    change: (d) => delete one(d).responses["200"],
    caller: READ_ID,
  },
  "a success status is replaced by one with a compatible body": {
    kind: "response-status-removed",
    effect: "none",
    change: (d) => (
      (create(d).responses["202"] = {
        description: "Queued.",
        content: {
          "application/json": {
            schema: {
              allOf: [
                { $ref: "#/components/schemas/Thing" },
                { type: "object", properties: { queued: { type: "boolean" } } },
              ],
            },
          },
        },
      }),
      delete create(d).responses["201"]
    ),
    caller: READ_CREATED,
  },
  "a bodyless success status is replaced by one with a body": {
    kind: "response-status-added",
    effect: "none",
    before: (d) =>
      (d.paths["/v2/things/{thingId}"].delete = {
        operationId: "dropThing",
        parameters: one(d).parameters,
        responses: { "200": { description: "Gone." } },
      }),
    change: (d) =>
      (d.paths["/v2/things/{thingId}"].delete.responses = {
        "202": {
          description: "Going.",
          content: {
            "application/json": { schema: { type: "object", properties: { cancelled: { type: "integer" } } } },
          },
        },
      }),
    caller: `const { data, error } = await client.DELETE("/v2/things/{thingId}", ${THING_ID}); void data; void error;`,
  },
  "a success status with another body is added": {
    kind: "response-status-added-new-shape",
    effect: "compile",
    change: (d) =>
      (create(d).responses["202"] = {
        description: "Queued.",
        content: { "application/json": { schema: { type: "object", properties: { queued: { type: "boolean" } } } } },
      }),
    caller: READ_CREATED,
  },
  "an error status is added": {
    kind: "response-status-added",
    effect: "none",
    change: (d) => (one(d).responses["409"] = { description: "Clash.", content: ERROR_REF }),
    caller: READ_ERROR,
  },
  "an error status with another body is added": {
    kind: "response-status-added-new-shape",
    effect: "compile",
    change: (d) =>
      (one(d).responses["409"] = {
        description: "Clash.",
        content: {
          "application/json": {
            schema: { type: "object", required: ["message"], properties: { message: { type: "string" } } },
          },
        },
      }),
    caller: READ_ERROR,
  },
  "an error status is removed while another remains": {
    kind: "response-status-removed",
    effect: "none",
    before: (d) => (list(d).responses["500"] = { description: "Down.", content: ERROR_REF }),
    change: (d) => delete list(d).responses["400"],
    caller: READ_LIST_ERROR,
  },
  "every error status is removed": {
    kind: "response-body-gone",
    effect: "compile",
    change: (d) => delete one(d).responses["404"],
    caller: READ_ERROR,
  },
  "a response content type is replaced": {
    kind: "response-media-type-added-new-shape",
    effect: "compile",
    change: (d) => (found(d).content = { "text/plain": { schema: { type: "string" } } }),
    caller: READ_ID,
  },
  "a response content type with a known shape is added": {
    kind: "response-media-type-added",
    effect: "none",
    change: (d) =>
      (found(d).content["application/vnd.thing+json"] = { schema: { $ref: "#/components/schemas/Thing" } }),
    caller: READ_ID,
  },
  "a response content type is removed while another remains": {
    kind: "response-media-type-removed",
    effect: "none",
    before: (d) =>
      (found(d).content["application/vnd.thing+json"] = { schema: { $ref: "#/components/schemas/Thing" } }),
    change: (d) => delete found(d).content["application/vnd.thing+json"],
    caller: READ_ID,
  },
  "a response header is added": {
    kind: "response-header-added",
    effect: "none",
    change: (d) => (found(d).headers["X-Trace"] = { schema: { type: "string" } }),
    caller: READ_ID,
  },
  "a required response header is removed": {
    kind: "response-header-removed",
    effect: "runtime",
    change: (d) => delete found(d).headers["X-Remaining"],
    caller: READ_ID,
    atRunTime:
      "openapi-fetch does not type response headers: `response.headers.get()` is `string | null` either way, and now returns null",
  },
  "a response header becomes optional": {
    kind: "response-header-became-optional",
    effect: "runtime",
    change: (d) => delete found(d).headers["X-Remaining"].required,
    caller: READ_ID,
    atRunTime: "openapi-fetch does not type response headers: `response.headers.get()` may now return null",
  },
  "a response header becomes required": {
    kind: "response-header-became-required",
    effect: "none",
    before: (d) => delete found(d).headers["X-Remaining"].required,
    change: (d) => (found(d).headers["X-Remaining"].required = true),
    caller: READ_ID,
  },
  // Response fields
  "a response field is removed": {
    kind: "field-removed",
    effect: "compile",
    change: (d) => delete thing(d).properties.note,
    caller: READ_NOTE,
  },
  "a required response field becomes optional": {
    kind: "field-became-optional",
    effect: "compile",
    change: (d) => (thing(d).required = ["state"]),
    caller: READ_ID,
  },
  "a response field loses its default": {
    kind: "field-became-optional",
    effect: "compile",
    before: (d) => (thing(d).properties.count.default = 0),
    change: (d) => delete thing(d).properties.count.default,
    caller: READ_ONE(`const count: number = data.count; void count;`),
  },
  "an optional response field becomes required": {
    kind: "field-became-required",
    effect: "none",
    change: (d) => thing(d).required.push("count"),
    caller: READ_COUNT,
  },
  "a required response field is added": {
    kind: "field-added-required",
    effect: "none",
    change: (d) => ((thing(d).properties.owned = { type: "boolean" }), thing(d).required.push("owned")),
    caller: READ_ID,
  },
  "a response field is added": {
    kind: "field-added-optional",
    effect: "none",
    change: (d) => (thing(d).properties.color = { type: "string" }),
    caller: READ_ID,
  },
  "a field is added to a schema that refers to itself": {
    kind: "field-added-optional",
    effect: "none",
    before: (d) =>
      (thing(d).properties.parent = { oneOf: [{ $ref: "#/components/schemas/Thing" }, { type: "string" }] }),
    change: (d) => (thing(d).properties.color = { type: "string" }),
    caller: READ_ID,
  },
  "a response field is deprecated": {
    kind: "field-deprecated",
    effect: "none",
    change: (d) => (thing(d).properties.note.deprecated = true),
    caller: READ_NOTE,
  },
  "a deprecated response field is reactivated": {
    kind: "field-reactivated",
    effect: "none",
    before: (d) => (thing(d).properties.note.deprecated = true),
    change: (d) => delete thing(d).properties.note.deprecated,
    caller: READ_NOTE,
  },
  "a response field's default changes": {
    kind: "default-changed",
    effect: "none",
    before: (d) => (thing(d).properties.count.default = 0),
    change: (d) => (thing(d).properties.count.default = 1),
    caller: READ_COUNT,
  },
  "a response enum gains a value": {
    kind: "enum-value-added",
    effect: "compile",
    change: (d) => thing(d).properties.state.enum.push("archived"),
    caller: READ_STATE,
  },
  "a response enum loses a value": {
    kind: "enum-value-removed",
    effect: "none",
    change: (d) => (thing(d).properties.state.enum = ["ready"]),
    caller: READ_STATE,
  },
  "a response enum is lifted": {
    kind: "enum-lifted",
    effect: "compile",
    change: (d) => delete thing(d).properties.state.enum,
    caller: READ_STATE,
  },
  "a free response value becomes an enum": {
    kind: "became-enum",
    effect: "none",
    change: (d) => (thing(d).properties.note.enum = ["a", "b"]),
    caller: READ_NOTE,
  },
  "a response field may be null": {
    kind: "became-nullable",
    effect: "compile",
    change: (d) => (thing(d).properties.note.type = ["string", "null"]),
    caller: READ_NOTE,
  },
  "a response field is no longer null": {
    kind: "became-not-nullable",
    effect: "none",
    before: (d) => (thing(d).properties.note.type = ["string", "null"]),
    change: (d) => (thing(d).properties.note.type = "string"),
    caller: READ_ONE(`const note: string | null | undefined = data.note; void note;`),
  },
  "a response field changes type": {
    kind: "type-changed",
    effect: "compile",
    change: (d) => (thing(d).properties.count.type = "string"),
    caller: READ_COUNT,
  },
  "a response field widens its type": {
    kind: "type-widened",
    effect: "compile",
    change: (d) => (thing(d).properties.count.type = ["integer", "string"]),
    caller: READ_COUNT,
  },
  "a response field narrows its type": {
    kind: "type-narrowed",
    effect: "none",
    before: (d) => (thing(d).properties.count.type = ["integer", "string"]),
    change: (d) => (thing(d).properties.count.type = "integer"),
    caller: READ_ONE(`const count: number | string | undefined = data.count; void count;`),
  },
  "a response number becomes an integer": {
    kind: "became-integer",
    effect: "none",
    before: (d) => (thing(d).properties.count.type = "number"),
    change: (d) => (thing(d).properties.count.type = "integer"),
    caller: READ_COUNT,
  },
  "a response integer becomes a number": {
    kind: "became-number",
    effect: "none",
    change: (d) => (thing(d).properties.count.type = "number"),
    caller: READ_COUNT,
  },
  "a response field's limit widens": {
    kind: "limit-widened",
    effect: "none",
    change: (d) => (thing(d).properties.note.maxLength = 100),
    caller: READ_NOTE,
  },
  "a response field's limit narrows": {
    kind: "limit-narrowed",
    effect: "none",
    change: (d) => (thing(d).properties.note.maxLength = 5),
    caller: READ_NOTE,
  },
  "a response field's format changes": {
    kind: "format-changed",
    effect: "none",
    change: (d) => (thing(d).properties.note.format = "uuid"),
    caller: READ_NOTE,
  },
  "a response body becomes a list": {
    kind: "became-list",
    effect: "compile",
    change: (d) =>
      (found(d).content["application/json"].schema = { type: "array", items: { $ref: "#/components/schemas/Thing" } }),
    caller: READ_ID,
  },
  "a response field becomes a list": {
    kind: "became-list",
    effect: "compile",
    change: (d) => (thing(d).properties.note = { type: "array", items: { type: "string" } }),
    caller: READ_NOTE,
  },
  "a response list becomes one value": {
    kind: "became-single",
    effect: "compile",
    before: (d) => (thing(d).properties.note = { type: "array", items: { type: "string" } }),
    change: (d) => (thing(d).properties.note = { type: "string" }),
    caller: READ_ONE(`const notes: string[] | undefined = data.note; void notes;`),
  },
  "the last field of a response object is removed": {
    kind: "last-field-removed",
    effect: "compile",
    before: (d) => delete thing(d).properties.tags.additionalProperties,
    change: (d) => delete thing(d).properties.tags.properties,
    caller: READ_ONE(`const env: string | undefined = data.tags?.env; void env;`),
  },
  "a response alternative is added": {
    kind: "variant-added",
    effect: "compile",
    change: (d) => thing(d).properties.owner.oneOf.push({ type: "integer" }),
    caller: READ_OWNER,
  },
  "a response alternative readers already handle is added": {
    kind: "variant-added-known-shape",
    effect: "none",
    change: (d) =>
      thing(d).properties.owner.oneOf.push({
        type: "object",
        required: ["userId"],
        properties: { userId: { type: "string" }, team: { type: "string" } },
      }),
    caller: READ_OWNER,
  },
  "a response alternative is removed": {
    kind: "variant-removed",
    effect: "none",
    change: (d) => thing(d).properties.owner.oneOf.pop(),
    caller: READ_OWNER,
  },
  "a response field becomes a union with a new shape": {
    kind: "variant-added",
    effect: "compile",
    change: (d) =>
      (thing(d).properties.note = {
        oneOf: [{ type: "string" }, { type: "object", properties: { text: { type: "string" } } }],
      }),
    caller: READ_NOTE,
  },
  "a response object stops allowing unlisted fields": {
    kind: "additional-properties-narrowed",
    effect: "none",
    change: (d) => (thing(d).additionalProperties = false),
    caller: READ_ID,
  },
  "a closed response object allows unlisted fields": {
    kind: "additional-properties-widened",
    effect: "none",
    before: (d) => (thing(d).additionalProperties = false),
    change: (d) => delete thing(d).additionalProperties,
    caller: READ_ID,
  },
  "a response map loses its index signature": {
    kind: "index-signature-removed",
    effect: "compile",
    change: (d) => delete thing(d).properties.tags.additionalProperties,
    caller: READ_ONE(`const tag: string | undefined = data.tags?.["team"]; void tag;`),
  },
  "a response map with no listed fields loses its index signature": {
    kind: "index-signature-removed-no-fields",
    effect: "compile",
    before: (d) => delete thing(d).properties.tags.properties,
    change: (d) => delete thing(d).properties.tags.additionalProperties,
    caller: READ_ONE(`const tag: string | undefined = data.tags?.["team"]; void tag;`),
  },
  "a response object gains an index signature": {
    kind: "index-signature-added",
    effect: "none",
    change: (d) => (thing(d).additionalProperties = true),
    caller: READ_ID,
  },
};

const descriptions = new Map<string, { before: Doc; after: Doc }>();
let diagnostics: Map<string, string[]>;

beforeAll(async () => {
  const callers = [];
  for (const [name, testCase] of Object.entries(CASES)) {
    const before = structuredClone(BASE) as Doc;
    testCase.before?.(before);
    const after = structuredClone(before);
    testCase.change(after);
    descriptions.set(name, { before, after });
    callers.push({ id: `${name} (old)`, description: before, statements: testCase.caller });
    callers.push({ id: `${name} (new)`, description: after, statements: testCase.caller });
  }
  diagnostics = await compileCallers(callers);
}, 180_000);

const reportOf = (name: string) => compareDescriptions(descriptions.get(name)!.before, descriptions.get(name)!.after);

describe("the change report's classification, proven by compiling an old caller against new types", () => {
  it.each(Object.entries(CASES))("%s", (name, testCase) => {
    const { before, after } = descriptions.get(name)!;
    const report = reportOf(name);
    const change = report.changes.find((c) => c.kind === testCase.kind);
    expect(change, `kinds reported: ${report.changes.map((c) => c.kind).join(", ")}`).toBeDefined();
    expect(change!.effect).toBe(testCase.effect);
    expect(change!.breaking).toBe(testCase.effect === "compile");
    expect(change!.warning).toBe(testCase.effect === "runtime");
    // Nothing reported may be classified more gently than the change the case makes, nor graver.
    if (testCase.effect !== "compile") expect(report.summary.breaking, JSON.stringify(report.changes)).toBe(0);
    if (testCase.effect === "none") expect(report.summary.warnings, JSON.stringify(report.changes)).toBe(0);
    for (const kind of testCase.absent ?? []) expect(report.changes.map((c) => c.kind)).not.toContain(kind);

    expect(diagnostics.get(`${name} (old)`), "the caller must compile against the old types").toEqual([]);
    const newErrors = diagnostics.get(`${name} (new)`)!;
    if (testCase.effect === "compile")
      expect(newErrors.length, "a compile-time break must fail tsc").toBeGreaterThan(0);
    else expect(newErrors, "this change must not fail tsc").toEqual([]);

    if (testCase.effect === "runtime")
      expect(
        Boolean(testCase.probe) !== Boolean(testCase.atRunTime),
        "a run-time case shows a refused value or names why it cannot",
      ).toBe(true);
    if (testCase.probe) {
      const { value, at } = testCase.probe;
      expect(createSchemaValidator(before).validate(at, value), "the old value was valid").toEqual([]);
      const refusals = createSchemaValidator(after).validate(at, value);
      if (testCase.effect === "runtime") expect(refusals, "the new schema refuses it").not.toEqual([]);
      else expect(refusals, "the new schema still takes it").toEqual([]);
    }
  });

  it("has a case for every rule of every change kind", () => {
    const proven = new Set<string>();
    for (const [name, testCase] of Object.entries(CASES)) {
      const change = reportOf(name).changes.find((c) => c.kind === testCase.kind);
      if (change) proven.add(`${change.kind} (${change.direction})`);
    }
    const rules = Object.entries(CHANGE_KINDS).flatMap(([kind, rules]) =>
      Object.keys(rules).map((direction) => `${kind} (${direction})`),
    );
    expect(rules.filter((rule) => !proven.has(rule))).toEqual([]);
  });
});
