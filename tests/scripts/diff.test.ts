/**
 * `npm run diff` on real published descriptions (tests/fixtures/published, facts of upstash/docs):
 * it says with its exit code whether a caller stops compiling (f9767c6 → 03fdcba, where the DLQ
 * filters became lists), prints the Markdown and writes the reports; a broken input exits 2 with
 * the file, the place and the fix. Run in this process (tests/helpers/commands.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/commands.ts";

const OLD = "tests/fixtures/published/qstash-f9767c6.yaml";
const NEW = "tests/fixtures/published/qstash-03fdcba.yaml";
const HISTORY = "tests/fixtures/published/history/qstash";
const out = mkdtempSync(join(tmpdir(), "qstash-diff-cli-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const runDiff = (...args: string[]) => runInProcess("scripts/diff.ts", args);

describe("npm run diff", () => {
  it("exits 1, prints the Markdown and writes changes.md and changes.json", async () => {
    const result = await runDiff(OLD, NEW, "--out", out);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("| ❌ | query parameter `url` | became-list: string → string[] |");
    expect(readFileSync(join(out, "changes.md"), "utf8")).toBe(result.stdout);
    const json = JSON.parse(readFileSync(join(out, "changes.json"), "utf8"));
    expect(json.summary.breaking).toBeGreaterThan(0);
    expect(json.changes.some((c: any) => c.operation === "DELETE /v2/dlq" && c.kind === "became-list")).toBe(true);
  });

  it("exits 0 with warnings alone: a new minimum on a request value still compiles (8661aed2 → 17adf0ab)", async () => {
    const result = await runDiff(
      `${HISTORY}/2026-05-21-8661aed2.yaml`,
      `${HISTORY}/2026-06-09-17adf0ab.yaml`,
      "--out",
      out,
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("1 change(s), 0 breaking, 1 warning(s)");
    expect(result.stdout).toContain("| ⚠️ | request body `parallelism` | limit-narrowed: minimum none → 1 |");
  });

  it("exits 0 when nothing breaks (the new version against itself)", async () => {
    const result = await runDiff(NEW, NEW, "--out", out);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("0 change(s), 0 breaking");
  });

  it("exits 2 with the file, the place and the fix for a broken description", async () => {
    const broken = join(out, "broken.yaml");
    writeFileSync(
      broken,
      "openapi: 3.1.0\ninfo: { title: x, version: 1 }\npaths:\n  /a:\n    get: { responses: { '200': { $ref: '#/components/responses/Nope' } } }\n",
    );
    const result = await runDiff(OLD, broken, "--out", out);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /broken\.yaml:5:\d+: \$ref #\/components\/responses\/Nope points at nothing\n {2}fix: /,
    );
  });

  it("exits 2 for an OpenAPI 3.0 description, and for a missing file", async () => {
    const old30 = join(out, "old30.yaml");
    writeFileSync(old30, "openapi: 3.0.3\ninfo: { title: x, version: 1 }\npaths: {}\n");
    expect(await runDiff(old30, NEW, "--out", out)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("declares OpenAPI 3.0.3; this pipeline takes 3.1.x"),
    });
    expect(await runDiff(join(out, "absent.yaml"), NEW, "--out", out)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("cannot be read (ENOENT)"),
    });
  });
});
