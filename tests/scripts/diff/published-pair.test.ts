/**
 * Real published descriptions (tests/fixtures/published, facts of upstash/docs): f9767c6 → 03fdcba,
 * where the DLQ filters went from one value to lists, must be called breaking, and the CLI must
 * say so with its exit code; pairs of the published history with only warnings, or with answers
 * that changed status without hurting readers, must exit 0.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareDescriptions } from "../../../scripts/diff/compare-descriptions.ts";
import { loadDescription } from "../../../scripts/diff/load-description.ts";

const OLD = "tests/fixtures/published/qstash-f9767c6.yaml";
const NEW = "tests/fixtures/published/qstash-03fdcba.yaml";
const HISTORY = "tests/fixtures/published/history/qstash";
const out = mkdtempSync(join(tmpdir(), "qstash-diff-cli-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function runDiff(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/diff.ts", ...args], { encoding: "utf8" });
}

describe("the published pair f9767c6 → 03fdcba", () => {
  it("reports each DLQ filter that became a list as breaking, on both DLQ calls", async () => {
    const report = compareDescriptions((await loadDescription(OLD)).document, (await loadDescription(NEW)).document);
    for (const operation of ["GET /v2/dlq", "DELETE /v2/dlq"]) {
      for (const filter of ["url", "label", "queueName", "topicName", "scheduleId", "callerIp"]) {
        const change = report.changes.find(
          (c) => c.operation === operation && c.location === `query parameter \`${filter}\``,
        );
        expect(change, `${operation} ${filter}`).toMatchObject({
          kind: "became-list",
          breaking: true,
          effect: "compile",
          detail: "string → string[]",
        });
      }
    }
    expect(
      report.changes.find((c) => c.operation === "GET /v2/dlq" && c.location === "query parameter `order`"),
    ).toMatchObject({ kind: "parameter-removed", breaking: true });
    expect(
      report.changes.find((c) => c.operation === "DELETE /v2/dlq" && c.location === "query parameter `flowControlKey`"),
    ).toMatchObject({ kind: "parameter-added-optional", breaking: false });
    expect(report.changes.find((c) => c.operation === "GET /v2/flowControl")).toMatchObject({
      kind: "became-list",
      direction: "response",
      breaking: true,
    });
  });

  it("exits 1, prints the Markdown and writes changes.md and changes.json", () => {
    const result = runDiff(OLD, NEW, "--out", out);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("| ❌ | query parameter `url` | became-list: string → string[] |");
    expect(readFileSync(join(out, "changes.md"), "utf8")).toBe(result.stdout);
    const json = JSON.parse(readFileSync(join(out, "changes.json"), "utf8"));
    expect(json.summary.breaking).toBeGreaterThan(0);
    expect(json.changes.some((c: any) => c.operation === "DELETE /v2/dlq" && c.kind === "became-list")).toBe(true);
  });

  it("exits 0 with warnings alone: a new minimum on a request value still compiles (8661aed2 → 17adf0ab)", () => {
    const result = runDiff(`${HISTORY}/2026-05-21-8661aed2.yaml`, `${HISTORY}/2026-06-09-17adf0ab.yaml`, "--out", out);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("1 change(s), 0 breaking, 1 warning(s)");
    expect(result.stdout).toContain("| ⚠️ | request body `parallelism` | limit-narrowed: minimum none → 1 |");
  });

  it("breaks nothing when answers change status but every old read still compiles (347f3b38 → 03fdcba)", async () => {
    const load = async (file: string) => (await loadDescription(`${HISTORY}/${file}`)).document;
    const report = compareDescriptions(await load("2026-07-20-347f3b38.yaml"), await load("extra-03fdcba7.yaml"));
    const at = (operation: string, location: string) =>
      report.changes.filter((c) => c.operation === operation && c.location === location).map((c) => c.kind);
    expect(at("DELETE /v2/messages", "response 200")).toEqual(["response-status-removed"]);
    expect(at("DELETE /v2/messages", "response 202")).toEqual(["response-status-added"]);
    expect(at("DELETE /v2/messages/{messageId}", "response 202")).toEqual(["response-status-added"]);
    expect(report.summary).toMatchObject({ breaking: 0, warnings: 0 });
  });

  it("exits 0 when nothing breaks (the new version against itself)", () => {
    const result = runDiff(NEW, NEW, "--out", out);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("0 change(s), 0 breaking");
  });

  it("exits 2 with the file, the place and the fix for a broken description", () => {
    const broken = join(out, "broken.yaml");
    writeFileSync(
      broken,
      "openapi: 3.1.0\ninfo: { title: x, version: 1 }\npaths:\n  /a:\n    get: { responses: { '200': { $ref: '#/components/responses/Nope' } } }\n",
    );
    const result = runDiff(OLD, broken, "--out", out);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /broken\.yaml:5:\d+: \$ref #\/components\/responses\/Nope points at nothing\n {2}fix: /,
    );
  });

  it("exits 2 for an OpenAPI 3.0 description, and for a missing file", () => {
    const old30 = join(out, "old30.yaml");
    writeFileSync(old30, "openapi: 3.0.3\ninfo: { title: x, version: 1 }\npaths: {}\n");
    expect(runDiff(old30, NEW, "--out", out)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("declares OpenAPI 3.0.3; this pipeline takes 3.1.x"),
    });
    expect(runDiff(join(out, "absent.yaml"), NEW, "--out", out)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("cannot be read (ENOENT)"),
    });
  });
});
