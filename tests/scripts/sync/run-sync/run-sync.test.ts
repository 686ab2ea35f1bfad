/**
 * `npm run sync`: a published description becomes our spec, with the vendor's prose gone and our
 * words, operationIds and annotations kept; on every failure spec/ and generated/ stay byte for
 * byte as they were.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { runSync } from "../../../../scripts/sync/run-sync.ts";
import { SpecError } from "../../../../scripts/spec/spec-error.ts";
import { StaleCorrections, type StaleCorrection } from "../../../../scripts/spec/apply-overlay.ts";
import { copyOfProject, rootWith, type SyncRoot } from "../../../helpers/sync-root.ts";

const OLD = parse(readFileSync("tests/fixtures/published/qstash-f9767c6.yaml", "utf8"));
const NEW = parse(readFileSync("tests/fixtures/published/qstash-03fdcba.yaml", "utf8"));
const VENDOR = "VENDOR-PROSE";
const HISTORY = "tests/fixtures/published/history";
const NEWEST = (() => {
  const states = JSON.parse(readFileSync(`${HISTORY}/index.json`, "utf8")).states;
  const last = states[states.length - 1];
  return { qstash: `${HISTORY}/${last.qstash}`, workflow: `${HISTORY}/${last.workflow}` };
})();

/** Our spec as it was before the published change: old facts, our words and annotations. */
function ourOldSpec() {
  const spec = structuredClone(OLD);
  spec.info = {
    title: "QStash REST API",
    version: "2.0.0",
    description: "Our words about the API.",
    license: { name: "MIT", identifier: "MIT" },
  };
  spec.tags = [
    { name: "DLQ", description: "Our words about the DLQ." },
    { name: "Flow Control", description: "Our words about flow control." },
  ];
  const dlq = spec.paths["/v2/dlq"];
  Object.assign(dlq.get, { operationId: "listDlqMessages", description: "Our words: pages through the DLQ." });
  Object.assign(dlq.delete, {
    operationId: "bulkDeleteDlqMessages",
    description: "Our words: removes DLQ messages.",
    "x-qstash-bulk": { ids: "dlqIds", limit: "count" },
  });
  dlq.delete.parameters.find((p: any) => p.name === "url").description = "Our words: destination URL filter.";
  spec.paths["/v2/dlq/{dlqId}"].get.operationId = "getDlqMessage";
  spec.paths["/v2/dlq/{dlqId}"].delete.operationId = "deleteDlqMessage";
  spec.paths["/v2/flowControl"].get.operationId = "listFlowControlKeys";
  spec.paths["/v2/flowControl/{flowControlKey}"].get.operationId = "getFlowControlKey";
  spec.components.schemas.DLQMessage.properties.messageId.description = "Our words: the message id.";
  for (const item of Object.values<any>(spec.paths)) {
    for (const op of Object.values<any>(item)) {
      for (const r of Object.values<any>(op.responses)) r.description = "Our words.";
      op["x-qstash-source"] = "qstash";
    }
  }
  return spec;
}

const OVERLAY = {
  overlay: "1.0.0",
  info: { title: "Test corrections", version: "1.0.0" },
  actions: [
    {
      target: "$.components.schemas.DLQMessage.properties",
      description: "Entries are keyed by a dlqId the schema omits.",
      update: { dlqId: { type: "string" } },
    },
  ],
};

/** The newer published version, with the kind of prose the vendor writes sprinkled over it. */
function publishedWithProse() {
  const doc = structuredClone(NEW);
  doc.info.description = `${VENDOR} info`;
  doc.tags[0].description = `${VENDOR} tag`;
  doc.servers[0].description = `${VENDOR} server`;
  doc.components.securitySchemes.bearerAuth.description = `${VENDOR} scheme`;
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const op of Object.values<any>(item)) {
      op.description = `${VENDOR} ${path}`;
      op["x-mint"] = { content: `${VENDOR} mint` };
      for (const p of op.parameters ?? [])
        Object.assign(p, { description: `${VENDOR} param`, example: `${VENDOR}-example` });
      for (const r of Object.values<any>(op.responses)) r.description = `${VENDOR} response`;
    }
  }
  doc.components.schemas.DLQMessage.properties.messageId.description = `${VENDOR} field`;
  doc.components.schemas.DLQMessage.properties.url.examples = [`${VENDOR}-url`];
  // A field literally named `description` is a fact and must survive.
  doc.components.schemas.Error.properties.description = { type: "string", description: `${VENDOR} field` };
  return doc;
}

let root: SyncRoot | undefined;
afterEach(() => root?.remove());

describe("sync, when everything holds", () => {
  it("makes the published facts our spec, in our words, and reports the filter that became a list", async () => {
    root = await rootWith(ourOldSpec(), OVERLAY);
    const source = root.write("published.json", JSON.stringify(publishedWithProse()));
    const result = await runSync({ sources: [source], root: root.dir, runTests: null, claimsSuite: null });

    expect(result.applied).toBe(true);
    const specText = root.read("spec/qstash.openapi.yaml");
    expect(specText).not.toContain(VENDOR);
    expect(root.read("generated/qstash.openapi.json")).not.toContain(VENDOR);
    const spec = parse(specText);
    const del = spec.paths["/v2/dlq"].delete;
    expect(del).toMatchObject({
      operationId: "bulkDeleteDlqMessages",
      description: "Our words: removes DLQ messages.",
      "x-qstash-bulk": { ids: "dlqIds", limit: "count" },
    });
    expect(del.parameters.find((p: any) => p.name === "url")).toEqual({
      name: "url",
      in: "query",
      description: "Our words: destination URL filter.",
      schema: { type: "array", items: { type: "string" } },
    });
    expect(spec.components.schemas.DLQMessage.properties.messageId).toEqual({
      type: "string",
      description: "Our words: the message id.",
    });
    expect(spec.components.schemas.Error.properties.description).toEqual({ type: "string" });
    expect(spec.tags).toEqual([
      { name: "DLQ", description: "Our words about the DLQ." },
      { name: "Flow Control", description: "Our words about flow control." },
    ]);
    expect(spec.info.description).toBe("Our words about the API.");

    const pause = spec.paths["/v2/flowControl/{flowControlKey}/pause"].post;
    expect(pause).toMatchObject({
      operationId: "pauseFlowControlKey",
      summary: "POST /v2/flowControl/{flowControlKey}/pause",
    });
    expect(pause.description).not.toMatch(/TODO|TBD|FIXME|lorem/i);
    expect(result.invented).toEqual([
      "POST /v2/flowControl/{flowControlKey}/pause",
      "POST /v2/flowControl/{flowControlKey}/resume",
    ]);

    // The overlay still applies to the new facts, and generated/ carries it.
    expect(
      JSON.parse(root.read("generated/qstash.openapi.json")).components.schemas.DLQMessage.properties.dlqId,
    ).toEqual({ type: "string" });
    const url = result.report.changes.find(
      (c) => c.operation === "DELETE /v2/dlq" && c.location === "query parameter `url`",
    );
    expect(url).toMatchObject({ kind: "became-list", breaking: true });
    expect(root.read("reports/changes.md")).toContain(
      "| ❌ | query parameter `url` | became-list: string → string[] |",
    );
  });

  it("syncing the same published pair twice leaves spec/ and generated/ byte for byte as the first run left them", async () => {
    root = copyOfProject();
    const pair = [NEWEST.qstash, NEWEST.workflow];
    const first = await runSync({
      sources: pair,
      root: root.dir,
      runTests: null,
      claimsSuite: null,
      reportsDir: join(root.dir, "reports"),
    });
    const afterFirst = root.snapshot();
    const second = await runSync({
      sources: pair,
      root: root.dir,
      runTests: null,
      claimsSuite: null,
      reportsDir: join(root.dir, "reports"),
    });
    expect(first.applied || !first.changed).toBe(true);
    expect(second).toMatchObject({ changed: false, applied: false, tests: null });
    expect(second.report.summary.changes).toBe(0);
    expect(root.snapshot()).toEqual(afterFirst);
    expect(root.read("reports/changes.md")).toContain(
      "Nothing changed: spec/ and generated/ already hold these facts, byte for byte.",
    );
  });
});

describe("syncing one published file", () => {
  const fromFile = (document: any, source: string) =>
    Object.fromEntries(
      Object.entries<any>(document.paths).flatMap(([path, item]) =>
        Object.entries<any>(item)
          .filter(([, op]) => op?.["x-qstash-source"] === source)
          .map(([method, op]) => [`${method} ${path}`, op]),
      ),
    );

  it("replaces only that file's operations and keeps the other half as it was", async () => {
    root = copyOfProject();
    const before = JSON.parse(root.read("generated/qstash.openapi.json"));
    const older = "tests/fixtures/published/history/workflow/2026-04-02-b5c4d2fa.yaml";
    const result = await runSync({ sources: [`workflow=${older}`], root: root.dir, runTests: null, claimsSuite: null });
    const after = JSON.parse(root.read("generated/qstash.openapi.json"));
    expect(result.applied).toBe(true);
    expect(fromFile(after, "qstash")).toEqual(fromFile(before, "qstash"));
    expect(fromFile(after, "workflow")).not.toEqual(fromFile(before, "workflow"));
    // In April the Workflow DLQ filters took one value; the report says so for the Workflow half only.
    const workflowUrl = result.report.changes.find(
      (c) => c.operation === "GET /v2/workflows/dlq" && c.location === "query parameter `workflowUrl`",
    );
    expect(workflowUrl).toMatchObject({ kind: "became-single", breaking: true });
    const qstashOperations = new Set(
      Object.keys(fromFile(after, "qstash")).map((key) => key.replace(/^\w+/, (m) => m.toUpperCase())),
    );
    expect(result.report.changes.filter((c) => qstashOperations.has(c.operation))).toEqual([]);
    expect(result.decisions[0]).toMatchObject({ rule: "kept-from-spec", subject: "the qstash file" });
    expect(root.read("reports/changes.md")).toMatch(
      /Kept from our spec \(one-file sync\) \(1\):\n\n- `the qstash file`: not given: its \d+ operation\(s\)/,
    );
  });
});

describe("sync leaves spec/ and generated/ byte for byte as they were when", () => {
  const failing = async (sources: string[], expected: RegExp, options: Partial<Parameters<typeof runSync>[0]> = {}) => {
    const before = root!.snapshot();
    const error = await runSync({ sources, root: root!.dir, runTests: null, claimsSuite: null, ...options }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect(error.message).toMatch(expected);
    expect(error.message).toContain("fix: ");
    expect(root!.snapshot()).toEqual(before);
  };

  it("the input is not valid YAML", async () => {
    root = copyOfProject();
    await failing(
      [root.write("bad.yaml", "openapi: 3.1.0\npaths:\n  /a: [unclosed\n")],
      /bad\.yaml:\d+:\d+: not valid YAML/,
    );
  });

  it("the input is OpenAPI 3.0", async () => {
    root = copyOfProject();
    await failing(
      [root.write("old.yaml", "openapi: 3.0.3\ninfo: { title: x, version: '1' }\npaths: {}\n")],
      /old\.yaml:1:\d+: declares OpenAPI 3\.0\.3; this pipeline takes 3\.1\.x/,
    );
  });

  it("a $ref points at nothing", async () => {
    root = copyOfProject();
    const doc = structuredClone(NEW);
    doc.paths["/v2/dlq"].get.responses["200"] = { $ref: "#/components/responses/Gone" };
    await failing(
      [root.write("dangling.json", JSON.stringify(doc))],
      /\$ref #\/components\/responses\/Gone points at nothing/,
    );
  });

  it("the address cannot be fetched", async () => {
    root = copyOfProject();
    const notFound = (async () => new Response("nope", { status: 404 })) as typeof fetch;
    await failing(["https://example.invalid/qstash/openapi.yaml"], /could not be fetched \(HTTP 404\)/, {
      fetchImpl: notFound,
    });
  });

  it("corrections no longer apply: every one is listed at once, with why it was made and the fix", async () => {
    root = copyOfProject();
    // This cut-down QStash file lacks most operations our overlay corrects, e.g. DELETE /v2/messages.
    const error = await runSync({
      sources: ["tests/fixtures/published/qstash-03fdcba.yaml"],
      root: root.dir,
      runTests: null,
      claimsSuite: null,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(StaleCorrections);
    const stale: StaleCorrection[] = error.corrections;
    expect(stale.length).toBeGreaterThan(2);
    for (const correction of stale) {
      expect(error.message).toContain(
        `corrections.overlay.yaml:${correction.where}: correction ${correction.index} no longer applies: ${correction.target}`,
      );
    }
    expect(error.message.match(/\n {4}made because: \S/g)).toHaveLength(stale.length);
    expect(error.message.match(/\n {4}fix: \S/g)).toHaveLength(stale.length);
    expect(stale.map((c) => c.target)).toContain(
      "$.paths['/v2/messages'].delete.responses['202'].content['application/json'].schema",
    );
  });

  it("the result does not lint", async () => {
    root = await rootWith(ourOldSpec(), OVERLAY);
    const doc = structuredClone(NEW);
    doc.paths["/v2/dlq/{dlqId}"].get.parameters = []; // {dlqId} in the path, no such parameter
    await failing([root.write("unlinted.json", JSON.stringify(doc))], /lint error/);
  });

  it("the contract suite fails (the new files are put back)", async () => {
    root = await rootWith(ourOldSpec(), OVERLAY);
    const before = root.snapshot();
    const source = root.write("published.json", JSON.stringify(publishedWithProse()));
    const result = await runSync({
      sources: [source],
      root: root.dir,
      claimsSuite: null,
      runTests: async () => ({ ok: false, tail: "1 test failed" }),
    });
    expect(result.applied).toBe(false);
    expect(root.snapshot()).toEqual(before);
    expect(root.read("reports/changes.md")).toContain(
      "Contract suite: **failed**, so spec/ and generated/ were put back as they were.",
    );
  });
});
