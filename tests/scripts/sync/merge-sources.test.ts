/**
 * How two published files become one spec (scripts/sync/merge-sources.ts, fold-templates.ts,
 * spec-half.ts): each rule on the smallest description that shows it, and every decision named.
 */
import { describe, expect, it } from "vitest";
import { SpecError } from "../../../scripts/spec/spec-error.ts";
import { foldTemplates } from "../../../scripts/sync/fold-templates.ts";
import { mergeSources, type SourcePart } from "../../../scripts/sync/merge-sources.ts";
import { sourceArguments } from "../../../scripts/sync/sources.ts";
import { specHalf } from "../../../scripts/sync/spec-half.ts";
import { stripProse } from "../../../scripts/sync/strip-prose.ts";

const json = (schema: unknown) => ({ content: { "application/json": { schema } } });
const ok = (schema: unknown) => ({ responses: { "200": json(schema) } });
const doc = (paths: Record<string, unknown>, schemas: Record<string, unknown> = {}) => ({
  openapi: "3.1.0",
  info: { version: "1" },
  paths,
  components: { schemas, securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } } },
});
/** As the sync hands them over: prose removed. */
const part = (name: "qstash" | "workflow", document: Record<string, any>): SourcePart => ({
  name,
  label: `${name}.yaml`,
  document: stripProse(document),
});
const KEY = { type: "object", properties: { key: { type: "string" } } };
const OLD_KEY = { type: "object", properties: { name: { type: "string" } } };

describe("operations both files publish", () => {
  it("the same facts are taken once, from the QStash file, and the decision says so", () => {
    const qstash = doc({ "/v2/keys": { get: ok({ $ref: "#/components/schemas/Key" }) } }, { Key: KEY });
    const workflow = doc(
      { "/v2/keys": { get: { ...ok({ $ref: "#/components/schemas/Key" }), description: "other words" } } },
      { Key: KEY },
    );
    const { document, decisions } = mergeSources([part("workflow", workflow), part("qstash", qstash)]);
    expect(document.paths["/v2/keys"].get["x-qstash-source"]).toBe("qstash");
    expect(decisions).toEqual([
      {
        rule: "same-in-both",
        subject: "GET /v2/keys",
        detail: expect.stringContaining("taken once, from the qstash file"),
      },
    ]);
  });

  it("different facts: the QStash file's copy is kept and every difference is listed", () => {
    const qstash = doc({ "/v2/keys/{id}": { get: ok({ $ref: "#/components/schemas/Key" }) } }, { Key: KEY });
    const workflow = doc({ "/v2/keys/{keyId}": { get: ok({ $ref: "#/components/schemas/Key" }) } }, { Key: OLD_KEY });
    const { document, decisions } = mergeSources([part("qstash", qstash), part("workflow", workflow)]);
    expect(Object.keys(document.paths)).toEqual(["/v2/keys/{id}"]);
    expect(document.components.schemas.Key).toEqual(KEY);
    const [decision, leftOut] = decisions;
    expect(decision).toMatchObject({ rule: "differs-qstash-kept", subject: "GET /v2/keys/{keyId}" });
    expect(decision.detail).toContain("response 200 body `key`: field-removed");
    expect(decision.detail).toContain("response 200 body `name`: field-added-optional");
    // The Workflow file's Key is used only by the operation QStash won: left out, and said so.
    expect(leftOut).toMatchObject({ rule: "component-left-out", subject: "components.schemas.Key" });
  });
});

describe("components of the same name", () => {
  it("a Workflow component that differs and that its own operations use is renamed, and they point at the new name", () => {
    const qstash = doc({ "/v2/keys": { get: ok({ $ref: "#/components/schemas/Key" }) } }, { Key: KEY });
    const workflow = doc(
      { "/v2/runs": { get: ok({ type: "array", items: { $ref: "#/components/schemas/Key" } }) } },
      { Key: OLD_KEY },
    );
    const { document, decisions } = mergeSources([part("qstash", qstash), part("workflow", workflow)]);
    expect(document.components.schemas).toEqual({ Key: KEY, WorkflowKey: OLD_KEY });
    expect(document.paths["/v2/runs"].get.responses["200"].content["application/json"].schema.items).toEqual({
      $ref: "#/components/schemas/WorkflowKey",
    });
    expect(document.paths["/v2/keys"].get.responses["200"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/Key",
    });
    expect(decisions).toEqual([
      {
        rule: "component-renamed",
        subject: "components.schemas.Key",
        detail: expect.stringContaining("kept as WorkflowKey"),
      },
    ]);
  });

  it("a component no operation uses is left out and named; a security scheme that differs is an error", () => {
    const qstash = doc({ "/v2/keys": { get: ok({ type: "string" }) } }, { Unused: KEY });
    const { document, decisions } = mergeSources([part("qstash", qstash)]);
    expect(document.components.schemas ?? {}).toEqual({});
    expect(decisions).toEqual([
      {
        rule: "component-unused",
        subject: "components.schemas.Unused",
        detail: expect.stringContaining("used by no operation"),
      },
    ]);

    const workflow = doc({ "/v2/runs": { get: ok({ type: "string" }) } });
    workflow.components.securitySchemes.bearerAuth = { type: "apiKey", in: "header", name: "X" } as any;
    expect(() => mergeSources([part("qstash", qstash), part("workflow", workflow)])).toThrow(SpecError);
  });
});

describe("route faults, mended by rule", () => {
  it("two templates of one route are folded under the one with more operations, path parameters renamed", () => {
    const published = doc({
      "/v2/schedules/{destination}": {
        post: {
          parameters: [{ name: "destination", in: "path", required: true, schema: { type: "string" } }],
          responses: {},
        },
      },
      "/v2/schedules/{scheduleId}": { get: { responses: {} }, delete: { responses: {} } },
    });
    const decisions = foldTemplates(published, "qstash.yaml");
    expect(Object.keys(published.paths)).toEqual(["/v2/schedules/{scheduleId}"]);
    expect((published.paths["/v2/schedules/{scheduleId}"] as any).post.parameters[0].name).toBe("scheduleId");
    expect(decisions).toEqual([
      {
        rule: "template-folded",
        subject: "POST /v2/schedules/{destination}",
        detail: expect.stringContaining("moved under /v2/schedules/{scheduleId}"),
      },
    ]);
  });

  it("a parameter listed twice with the same facts is kept once; copies that differ are left for lint", () => {
    const queue = { name: "queueName", in: "path", required: true, schema: { type: "string" } };
    const published = doc({
      "/v2/enqueue/{queueName}": { post: { parameters: [queue, { ...queue, description: undefined }], responses: {} } },
      "/v2/other/{queueName}": {
        post: { parameters: [queue, { ...queue, schema: { type: "integer" } }], responses: {} },
      },
    });
    const decisions = foldTemplates(published, "qstash.yaml");
    expect((published.paths["/v2/enqueue/{queueName}"] as any).post.parameters).toHaveLength(1);
    expect((published.paths["/v2/other/{queueName}"] as any).post.parameters).toHaveLength(2);
    expect(decisions.map((d) => d.rule)).toEqual(["parameter-deduplicated"]);
  });
});

describe("syncing one file", () => {
  const spec = doc(
    {
      "/v2/keys": { get: { ...ok({ $ref: "#/components/schemas/Key" }), "x-qstash-source": "qstash" } },
      "/v2/runs": {
        get: { ...ok({ $ref: "#/components/schemas/Run" }), description: "Our words.", "x-qstash-source": "workflow" },
      },
    },
    { Key: KEY, Run: OLD_KEY },
  );

  it("keeps the other file's operations and the components they reach, prose removed like a published file's", () => {
    const half = specHalf(spec, "workflow", "spec");
    expect(Object.keys(half.document.paths)).toEqual(["/v2/runs"]);
    expect(Object.keys(half.document.components.schemas)).toEqual(["Run"]);
    expect(JSON.stringify(half.document)).not.toContain("Our words.");
  });

  it("is refused with one line when the spec does not say where its operations came from", () => {
    const legacy = structuredClone(spec);
    delete (legacy.paths["/v2/keys"] as any).get["x-qstash-source"];
    expect(() => specHalf(legacy, "workflow", "spec/qstash.openapi.yaml")).toThrow(
      /does not say which published file 1 operation\(s\) came from \(GET \/v2\/keys\)\n {2}fix: sync both published files together once/,
    );
  });

  it("names the file by position or by prefix; anything else is a usage mistake", () => {
    expect(sourceArguments(["a.yaml", "b.yaml"])).toEqual([
      { name: "qstash", location: "a.yaml" },
      { name: "workflow", location: "b.yaml" },
    ]);
    expect(sourceArguments(["workflow=https://x/w.yaml"])).toEqual([
      { name: "workflow", location: "https://x/w.yaml" },
    ]);
    expect(() => sourceArguments(["qstash=a", "qstash=b"])).toThrow(/qstash description given twice/);
    expect(() => sourceArguments(["a", "b", "c"])).toThrow(/takes one or two published descriptions/);
  });
});
