/**
 * Proves the change report's classification by compiling: for each kind of change, a caller
 * written against the OLD generated types is compiled against the NEW ones. A change classified
 * as breaking at compile time must make tsc fail; any other change must leave the caller
 * compiling. Changes that break at run time are proven by validating the caller's old value
 * against the new schema (what Prism and the server do).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { Ajv2020 } from "ajv/dist/2020.js";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeKind, Effect } from "../../scripts/diff/change-kinds.ts";
import { compareDescriptions } from "../../scripts/diff/compare-descriptions.ts";
import { BASE } from "./base-description.ts";

type Doc = any;
interface Case {
  /** The change kind the report must give, and how it must classify it. */
  kind: ChangeKind;
  effect: Effect;
  before?: (doc: Doc) => void;
  change: (doc: Doc) => void;
  /** Statements inside `async () => { … }`, with `client` typed from the generated paths. */
  caller: string;
  /** For run-time breaks: a value the old caller sends, and where its schema sits. */
  probe?: { value: unknown; schema: (doc: Doc) => unknown };
}

const list = (doc: Doc) => doc.paths["/v2/things"].get;
const create = (doc: Doc) => doc.paths["/v2/things"].post;
const body = (doc: Doc) => create(doc).requestBody.content["application/json"].schema;
const one = (doc: Doc) => doc.paths["/v2/things/{thingId}"].get;
const thing = (doc: Doc) => doc.components.schemas.Thing;
const param = (doc: Doc, name: string) => list(doc).parameters.find((p: any) => p.name === name);

const LIST_WITH = (query: string) => `await client.GET("/v2/things", { params: { query: { ${query} } } });`;
const CREATE_WITH = (fields: string) => `await client.POST("/v2/things", { body: { ${fields} } });`;
const READ_ONE = (statement: string) => `const { data } = await client.GET("/v2/things/{thingId}", { params: { path: { thingId: "t1" } } }); if (data) { ${statement} }`;

const CASES: Record<string, Case> = {
  "a filter that took one value takes a list": { kind: "became-list", effect: "compile", change: (d) => (param(d, "label").schema = { type: "array", items: { type: "string" } }), caller: LIST_WITH(`label: "red"`) },
  "a list filter takes one value": { kind: "became-single", effect: "compile", before: (d) => (param(d, "label").schema = { type: "array", items: { type: "string" } }), change: (d) => (param(d, "label").schema = { type: "string" }), caller: LIST_WITH(`label: ["red"]`) },
  "a filter accepts one value or a list": { kind: "type-widened", effect: "none", change: (d) => (param(d, "label").schema = { type: ["string", "array"], items: { type: "string" } }), caller: LIST_WITH(`label: "red"`) },
  "a filter changes type": { kind: "type-changed", effect: "compile", change: (d) => (param(d, "since").schema = { type: "integer" }), caller: LIST_WITH(`since: "yesterday"`) },
  "a parameter is removed": { kind: "parameter-removed", effect: "compile", change: (d) => (list(d).parameters = list(d).parameters.filter((p: any) => p.name !== "order")), caller: LIST_WITH(`order: "asc"`) },
  "an optional parameter is added": { kind: "parameter-added-optional", effect: "none", change: (d) => list(d).parameters.push({ name: "cursor", in: "query", schema: { type: "string" } }), caller: LIST_WITH(`label: "red"`) },
  "a required parameter is added": { kind: "parameter-added-required", effect: "compile", change: (d) => list(d).parameters.push({ name: "region", in: "query", required: true, schema: { type: "string" } }), caller: LIST_WITH(`label: "red"`) },
  "a parameter becomes required": { kind: "parameter-became-required", effect: "compile", change: (d) => (param(d, "since").required = true), caller: LIST_WITH(`label: "red"`) },
  "a required parameter becomes optional": { kind: "parameter-became-optional", effect: "none", before: (d) => (param(d, "since").required = true), change: (d) => delete param(d, "since").required, caller: LIST_WITH(`since: "x"`) },
  "a parameter is deprecated": { kind: "parameter-deprecated", effect: "none", change: (d) => (param(d, "since").deprecated = true), caller: LIST_WITH(`since: "x"`) },
  "a request enum loses a value": { kind: "enum-value-removed", effect: "compile", change: (d) => (param(d, "order").schema.enum = ["asc"]), caller: LIST_WITH(`order: "desc"`) },
  "a request enum gains a value": { kind: "enum-value-added", effect: "none", change: (d) => param(d, "order").schema.enum.push("random"), caller: LIST_WITH(`order: "desc"`) },
  "a free request value becomes an enum": { kind: "became-enum", effect: "compile", change: (d) => (param(d, "since").schema.enum = ["today", "week"]), caller: LIST_WITH(`since: "yesterday"`) },
  "a request maximum shrinks": { kind: "limit-narrowed", effect: "runtime", change: (d) => (param(d, "count").schema.maximum = 10), caller: LIST_WITH(`count: 50`), probe: { value: 50, schema: (d) => param(d, "count").schema } },
  "a request minimum appears": { kind: "limit-narrowed", effect: "runtime", change: (d) => (param(d, "since").schema.minLength = 5), caller: LIST_WITH(`since: "x"`), probe: { value: "x", schema: (d) => param(d, "since").schema } },
  "a request maximum grows": { kind: "limit-widened", effect: "none", change: (d) => (param(d, "count").schema.maximum = 1000), caller: LIST_WITH(`count: 50`) },
  "a default changes": { kind: "default-changed", effect: "none", change: (d) => (param(d, "count").schema.default = 20), caller: LIST_WITH(`count: 50`) },
  "a request pattern appears": { kind: "limit-narrowed", effect: "runtime", change: (d) => (param(d, "since").schema.pattern = "^[0-9]+$"), caller: LIST_WITH(`since: "x"`), probe: { value: "x", schema: (d) => param(d, "since").schema } },
  "a request format appears": { kind: "format-changed", effect: "runtime", change: (d) => (param(d, "since").schema.format = "date-time"), caller: LIST_WITH(`since: "yesterday"`), probe: { value: "yesterday", schema: (d) => param(d, "since").schema } },
  "a request body field is removed": { kind: "field-removed", effect: "runtime", change: (d) => delete body(d).properties.size, caller: CREATE_WITH(`name: "n", size: 3`) },
  "a required request body field is added": { kind: "field-added-required", effect: "compile", change: (d) => ((body(d).properties.owner = { type: "string" }), body(d).required.push("owner")), caller: CREATE_WITH(`name: "n"`) },
  "an optional request body field is added": { kind: "field-added-optional", effect: "none", change: (d) => (body(d).properties.owner = { type: "string" }), caller: CREATE_WITH(`name: "n"`) },
  "a request body field becomes required": { kind: "field-became-required", effect: "compile", change: (d) => body(d).required.push("kind"), caller: CREATE_WITH(`name: "n"`) },
  "a request body field gets shorter": { kind: "limit-narrowed", effect: "runtime", change: (d) => (body(d).properties.name.maxLength = 3), caller: CREATE_WITH(`name: "longer"`), probe: { value: "longer", schema: (d) => body(d).properties.name } },
  "a request body field changes type": { kind: "type-changed", effect: "compile", change: (d) => (body(d).properties.size = { type: "string" }), caller: CREATE_WITH(`name: "n", size: 3`) },
  "a request body field no longer takes null": { kind: "became-not-nullable", effect: "compile", change: (d) => (body(d).properties.note = { type: "string" }), caller: CREATE_WITH(`name: "n", note: null`) },
  "a request body field takes null": { kind: "became-nullable", effect: "none", change: (d) => (body(d).properties.size = { type: ["integer", "null"] }), caller: CREATE_WITH(`name: "n", size: 3`) },
  "a request body no longer accepts unlisted fields": { kind: "additional-properties-narrowed", effect: "runtime", change: (d) => (body(d).additionalProperties = false), caller: CREATE_WITH(`name: "n"`), probe: { value: { name: "n", extra: 1 }, schema: (d) => body(d) } },
  "the request body is removed": { kind: "request-body-removed", effect: "compile", change: (d) => delete create(d).requestBody, caller: CREATE_WITH(`name: "n"`) },
  "a request content type is added": { kind: "request-media-type-added", effect: "none", change: (d) => (create(d).requestBody.content["text/plain"] = { schema: { type: "string" } }), caller: CREATE_WITH(`name: "n"`) },
  "a response field is removed": { kind: "field-removed", effect: "compile", change: (d) => delete thing(d).properties.note, caller: READ_ONE(`const note: string | undefined = data.note; void note;`) },
  "a required response field becomes optional": { kind: "field-became-optional", effect: "compile", change: (d) => (thing(d).required = ["state"]), caller: READ_ONE(`const id: string = data.thingId; void id;`) },
  "an optional response field becomes required": { kind: "field-became-required", effect: "none", change: (d) => thing(d).required.push("count"), caller: READ_ONE(`const count: number | undefined = data.count; void count;`) },
  "a response enum gains a value": { kind: "enum-value-added", effect: "compile", change: (d) => thing(d).properties.state.enum.push("archived"), caller: READ_ONE(`const state: "ready" | "failed" = data.state; void state;`) },
  "a response enum loses a value": { kind: "enum-value-removed", effect: "none", change: (d) => (thing(d).properties.state.enum = ["ready"]), caller: READ_ONE(`const state: "ready" | "failed" = data.state; void state;`) },
  "a response enum is lifted": { kind: "enum-lifted", effect: "compile", change: (d) => delete thing(d).properties.state.enum, caller: READ_ONE(`const state: "ready" | "failed" = data.state; void state;`) },
  "a response field may be null": { kind: "became-nullable", effect: "compile", change: (d) => (thing(d).properties.note.type = ["string", "null"]), caller: READ_ONE(`const note: string | undefined = data.note; void note;`) },
  "a response field widens its type": { kind: "type-widened", effect: "compile", change: (d) => (thing(d).properties.count.type = ["integer", "string"]), caller: READ_ONE(`const count: number | undefined = data.count; void count;`) },
  "a response field narrows its type": { kind: "type-narrowed", effect: "none", before: (d) => (thing(d).properties.count.type = "number"), change: (d) => (thing(d).properties.count.type = "integer"), caller: READ_ONE(`const count: number | undefined = data.count; void count;`) },
  "a response field is added": { kind: "field-added-optional", effect: "none", change: (d) => (thing(d).properties.owner = { type: "string" }), caller: READ_ONE(`const id: string = data.thingId; void id;`) },
  "a response field's limit widens": { kind: "limit-widened", effect: "none", change: (d) => (thing(d).properties.note.maxLength = 100), caller: READ_ONE(`const note: string | undefined = data.note; void note;`) },
  "a response body becomes a list": { kind: "became-list", effect: "compile", change: (d) => (one(d).responses["200"].content["application/json"].schema = { type: "array", items: { $ref: "#/components/schemas/Thing" } }), caller: READ_ONE(`const id: string = data.thingId; void id;`) },
  "a response field becomes a list": { kind: "became-list", effect: "compile", change: (d) => (thing(d).properties.note = { type: "array", items: { type: "string" } }), caller: READ_ONE(`const note: string | undefined = data.note; void note;`) },
  "a response content type is replaced": { kind: "response-media-type-removed", effect: "compile", change: (d) => (one(d).responses["200"].content = { "text/plain": { schema: { type: "string" } } }), caller: READ_ONE(`const id: string = data.thingId; void id;`) },
  "the success status is removed": { kind: "response-success-status-removed", effect: "compile", change: (d) => delete one(d).responses["200"], caller: READ_ONE(`const id: string = data.thingId; void id;`) },
  "a success status with another body is added": { kind: "response-success-status-added-new-shape", effect: "compile", change: (d) => (create(d).responses["202"] = { description: "Queued.", content: { "application/json": { schema: { type: "object", properties: { queued: { type: "boolean" } } } } } }), caller: `const { data } = await client.POST("/v2/things", { body: { name: "n" } }); if (data) { const id: string = data.thingId; void id; }` },
  "an error status is added": { kind: "response-status-added", effect: "none", change: (d) => (one(d).responses["409"] = { description: "Clash.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }), caller: READ_ONE(`const id: string = data.thingId; void id;`) },
  "an error status is removed": { kind: "response-error-status-removed", effect: "none", change: (d) => delete list(d).responses["400"], caller: `const { data, error } = await client.GET("/v2/things"); void data; void error;` },
  "an operation is removed": { kind: "operation-removed", effect: "compile", change: (d) => delete d.paths["/v2/things/{thingId}"], caller: READ_ONE(`void data;`) },
  "an operation is added": { kind: "operation-added", effect: "none", change: (d) => (d.paths["/v2/things"].delete = { operationId: "clearThings", responses: { "200": { description: "Gone." } } }), caller: READ_ONE(`void data;`) },
  "an operation is deprecated": { kind: "operation-deprecated", effect: "none", change: (d) => (one(d).deprecated = true), caller: READ_ONE(`void data;`) },
  "a path parameter is renamed": { kind: "path-parameter-renamed", effect: "compile", change: (d) => ((d.paths["/v2/things/{id}"] = d.paths["/v2/things/{thingId}"]), delete d.paths["/v2/things/{thingId}"], (one2(d).parameters[0].name = "id")), caller: READ_ONE(`void data;`) },
  "an auth alternative is removed": { kind: "security-alternative-removed", effect: "runtime", before: (d) => (d.security = [{ bearer: [] }, { token: [] }]), change: (d) => (d.security = [{ bearer: [] }]), caller: READ_ONE(`void data;`) },
  "an auth alternative is added": { kind: "security-alternative-added", effect: "none", change: (d) => (d.security = [{ bearer: [] }, { token: [] }]), caller: READ_ONE(`void data;`) },
  "a server is removed": { kind: "server-removed", effect: "runtime", change: (d) => (d.servers = [{ url: "http://localhost:2" }]), caller: READ_ONE(`void data;`) },
};

function one2(doc: Doc) {
  return doc.paths["/v2/things/{id}"].get;
}

const require = createRequire(import.meta.url);
const OPENAPI_FETCH = dirname(require.resolve("openapi-fetch/package.json"));
let dir: string;
const diagnostics = new Map<string, string[]>();
const descriptions = new Map<string, { before: Doc; after: Doc }>();
const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "qstash-diff-compile-"));
  const files: string[] = [];
  for (const [name, testCase] of Object.entries(CASES)) {
    const before = structuredClone(BASE) as Doc;
    testCase.before?.(before);
    const after = structuredClone(before);
    testCase.change(after);
    descriptions.set(name, { before, after });
    for (const [side, doc] of [["old", before], ["new", after]] as const) {
      const base = join(dir, `${slug(name)}-${side}`);
      writeFileSync(`${base}-schema.ts`, astToString(await openapiTS(structuredClone(doc), { silent: true })));
      const caller = [
        `import createClient from "openapi-fetch";`,
        `import type { paths } from "./${slug(name)}-${side}-schema.ts";`,
        `const client = createClient<paths>({ baseUrl: "http://localhost:1" });`,
        `export async function call(): Promise<void> { ${testCase.caller} }`,
        "",
      ].join("\n");
      writeFileSync(`${base}-caller.ts`, caller);
      files.push(`${base}-caller.ts`);
    }
  }
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: [],
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    baseUrl: dir,
    paths: { "openapi-fetch": [OPENAPI_FETCH] },
  });
  for (const file of files) {
    const found = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
    diagnostics.set(resolve(file), found.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")));
  }
}, 180_000);

afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

const errorsOf = (name: string, side: "old" | "new") => diagnostics.get(resolve(join(dir, `${slug(name)}-${side}-caller.ts`))) ?? ["(not compiled)"];

describe("the change report's classification, proven by compiling an old caller against new types", () => {
  it.each(Object.entries(CASES))("%s", (name, testCase) => {
    const { before, after } = descriptions.get(name)!;
    const report = compareDescriptions(before, after);
    const change = report.changes.find((c) => c.kind === testCase.kind);
    expect(change, `kinds reported: ${report.changes.map((c) => c.kind).join(", ")}`).toBeDefined();
    expect(change!.effect).toBe(testCase.effect);
    expect(change!.breaking).toBe(testCase.effect !== "none");
    // Nothing reported may be classified more gently than the change the case makes.
    if (testCase.effect === "none") expect(report.summary.breaking, JSON.stringify(report.changes)).toBe(0);

    expect(errorsOf(name, "old"), "the caller must compile against the old types").toEqual([]);
    const newErrors = errorsOf(name, "new");
    if (testCase.effect === "compile") expect(newErrors.length, "a compile-time break must fail tsc").toBeGreaterThan(0);
    else expect(newErrors, "this change must not fail tsc").toEqual([]);

    if (testCase.effect === "runtime" && testCase.probe) {
      const ajv = new Ajv2020({ strict: false });
      (ajv as any).addFormat?.("date-time", /^\d{4}-\d\d-\d\dT/);
      expect(ajv.validate(testCase.probe.schema(before) as object, testCase.probe.value), "the old value was valid").toBe(true);
      expect(ajv.validate(testCase.probe.schema(after) as object, testCase.probe.value), "the new schema refuses it").toBe(false);
    }
  });
});
