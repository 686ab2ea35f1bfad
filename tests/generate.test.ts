import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { buildGenerated, GENERATED_DIR, OVERLAY_FILE, SPEC_FILE } from "../scripts/spec/build.ts";
import { staleFiles } from "../scripts/spec/stale-files.ts";

const run = promisify(execFile);
const TSX = join("node_modules", ".bin", "tsx");
const SPEC = readFileSync(SPEC_FILE, "utf8");
const OVERLAY = readFileSync(OVERLAY_FILE, "utf8");
// Fixture edits match facts, not layout: a sync rewrites the spec in another YAML style.
const CURSOR_REF = /#\/components\/schemas\/Cursor\b/;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "generate-"));
}

/** A spec (and overlay) written to a temp dir, derived from the real ones by a small edit. */
function fixture(spec: string, overlay = OVERLAY) {
  const dir = tempDir();
  writeFileSync(join(dir, "spec.yaml"), spec);
  writeFileSync(join(dir, "overlay.yaml"), overlay);
  return { dir, spec: join(dir, "spec.yaml"), overlay: join(dir, "overlay.yaml") };
}

function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const next = text.replace(from, to);
  if (next === text) throw new Error(`fixture edit found no ${from}`);
  return next;
}

async function cli(script: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(TSX, [script, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error: any) {
    return { code: error.code as number, stdout: error.stdout as string, stderr: error.stderr as string };
  }
}

function snapshotDir(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), "utf8")]));
}

describe.concurrent("a bad spec is refused with the file, the place and the fix", () => {
  test.each([
    ["invalid YAML", () => fixture(replaceOnce(SPEC, /^paths:[ \t]*\n/m, "paths:\n  - [unclosed\n")), /spec\.yaml:\d+:\d+: not valid YAML/],
    ["a broken $ref", () => fixture(replaceOnce(SPEC, CURSOR_REF, "#/components/schemas/Nope")), /spec\.yaml:\d+:\d+: \$ref #\/components\/schemas\/Nope points at nothing/],
    ["not OpenAPI at all", () => fixture("swagger: '2.0'\ninfo: { title: x, version: '1' }\npaths: {}\n"), /spec\.yaml:1:1: is not an OpenAPI document \(no `openapi` version field\)/],
    ["OpenAPI 3.0", () => fixture(replaceOnce(SPEC, /^openapi: ["']?3\.1\.\d+["']?$/m, "openapi: 3.0.3")), /spec\.yaml:\d+:\d+: declares OpenAPI 3\.0\.3/],
    ["a lint error (operation without operationId)", () => fixture(replaceOnce(SPEC, /^[ \t]+operationId: \S+\n/m, "")), /spec\.yaml:\d+:\d+: 1 lint error\(s\):\n {2}operation-operationId at #\/paths\//],
    ["a correction whose target is gone", () => fixture(SPEC, `${OVERLAY}  - target: $.paths['/v2/nowhere'].get\n    description: fixes a path that no longer exists\n    update: { summary: x }\n`), /overlay\.yaml:\d+:\d+: correction \d+ no longer applies: .*matches nothing/],
    ["a correction upstream already made", () => fixture(SPEC, `${OVERLAY}  - target: $.info\n    description: sets what is already there\n    update: { version: 2.0.0 }\n`), /overlay\.yaml:\d+:\d+: correction \d+ no longer applies: .*already holds its update/],
    ["a correction without a reason", () => fixture(SPEC, `${OVERLAY}  - target: $.info\n    update: { summary: other }\n`), /overlay\.yaml:\d+:\d+: action \d+ \(\$\.info\) gives no reason/],
  ])("%s", async (_name, make, message) => {
    const { spec, overlay } = make();
    await expect(buildGenerated({ spec, overlay })).rejects.toThrow(message);
    await expect(buildGenerated({ spec, overlay })).rejects.toThrow(/\n {2}fix: \S/);
  });
});

describe.concurrent("npm run generate", () => {
  test("exits non-zero on a bad spec and leaves the output directory exactly as it was", async () => {
    const out = tempDir();
    cpSync(GENERATED_DIR, out, { recursive: true });
    const before = snapshotDir(out);
    const { spec, overlay } = fixture(replaceOnce(SPEC, CURSOR_REF, "#/components/schemas/Nope"));

    const result = await cli("scripts/generate.ts", [spec, overlay, out]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: .*spec\.yaml:\d+:\d+: \$ref/);
    expect(snapshotDir(out)).toEqual(before);
  });

  test("is deterministic: two builds give the same bytes, equal to the committed generated/", async () => {
    const [first, second] = await Promise.all([buildGenerated(), buildGenerated()]);

    expect(first.files).toEqual(second.files);
    expect(staleFiles(GENERATED_DIR, first.files)).toEqual({ stale: [], extra: [] });
  });
});

describe.concurrent("npm run check:generated", () => {
  test.each([
    ["an up-to-date copy passes", (_dir: string) => {}, { stale: [], extra: [] }],
    ["an edited file is stale", (dir: string) => writeFileSync(join(dir, "schema.ts"), `${readFileSync(join(dir, "schema.ts"), "utf8")}// edited\n`), { stale: ["schema.ts"], extra: [] }],
    ["a missing file is stale", (dir: string) => rmSync(join(dir, "operations.ts")), { stale: ["operations.ts"], extra: [] }],
    ["a stray file is named", (dir: string) => writeFileSync(join(dir, "extra.ts"), ""), { stale: [], extra: ["extra.ts"] }],
  ])("%s", async (_name, tamper, want) => {
    const dir = tempDir();
    cpSync(GENERATED_DIR, dir, { recursive: true });
    tamper(dir);

    expect(staleFiles(dir, (await build).files)).toEqual(want);
  });

  test("the command exits 1 and names the stale file", async () => {
    const dir = tempDir();
    cpSync(GENERATED_DIR, dir, { recursive: true });
    writeFileSync(join(dir, "schema.ts"), "// edited by hand\n");

    const result = await cli("scripts/check-generated.ts", [dir]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/schema\.ts is stale[\s\S]*fix: run `npm run generate`/);
  });
});

const build = buildGenerated();
