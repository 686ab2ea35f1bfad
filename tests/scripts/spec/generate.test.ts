import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, test } from "vitest";
import { buildGenerated, GENERATED_DIR, OVERLAY_FILE, SPEC_FILE } from "../../../scripts/spec/build.ts";
import { staleFiles } from "../../../scripts/spec/stale-files.ts";
import { applyOverlay, StaleCorrections, type StaleCorrection } from "../../../scripts/spec/apply-overlay.ts";
import { canonicalized, leadingComments } from "../../../scripts/spec/canonical.ts";
import { loadYaml } from "../../../scripts/spec/load-yaml.ts";
import { parse, stringify } from "yaml";

const run = promisify(execFile);
const TSX = join("node_modules", ".bin", "tsx");
const SPEC = readFileSync(SPEC_FILE, "utf8");
const OVERLAY = readFileSync(OVERLAY_FILE, "utf8");
// Fixture edits match facts, not layout: a sync rewrites the spec in another YAML style.
const DLQ_MESSAGE_REF = /#\/components\/schemas\/DLQMessage\b/;

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "generate-"));
  made.push(dir);
  return dir;
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

async function cli(script: string, args: string[], cwd = process.cwd()) {
  try {
    const { stdout, stderr } = await run(join(process.cwd(), TSX), [script, ...args], { cwd });
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
    [
      "invalid YAML",
      () => fixture(replaceOnce(SPEC, /^paths:[ \t]*\n/m, "paths:\n  - [unclosed\n")),
      /spec\.yaml:\d+:\d+: not valid YAML/,
    ],
    [
      "a broken $ref",
      () => fixture(replaceOnce(SPEC, DLQ_MESSAGE_REF, "#/components/schemas/Nope")),
      /spec\.yaml:\d+:\d+: \$ref #\/components\/schemas\/Nope points at nothing/,
    ],
    [
      "not OpenAPI at all",
      () => fixture("swagger: '2.0'\ninfo: { title: x, version: '1' }\npaths: {}\n"),
      /spec\.yaml:1:1: is not an OpenAPI document \(no `openapi` version field\)/,
    ],
    [
      "OpenAPI 3.0",
      () => fixture(replaceOnce(SPEC, /^openapi: ["']?3\.1\.\d+["']?$/m, "openapi: 3.0.3")),
      /spec\.yaml:\d+:\d+: declares OpenAPI 3\.0\.3/,
    ],
    [
      "a lint error (operation without operationId)",
      () => fixture(replaceOnce(SPEC, /^[ \t]+operationId: \S+\n/m, "")),
      /spec\.yaml:\d+:\d+: 1 lint error\(s\):\n {2}operation-operationId at #\/paths\//,
    ],
    [
      "a correction whose target is gone",
      () =>
        fixture(
          SPEC,
          `${OVERLAY}  - target: $.paths['/v2/nowhere'].get\n    description: fixes a path that no longer exists\n    update: { summary: x }\n`,
        ),
      /overlay\.yaml:\d+:\d+: correction \d+ no longer applies: .*matches nothing/,
    ],
    [
      "a correction upstream already made",
      () =>
        fixture(
          SPEC,
          `${OVERLAY}  - target: $.info\n    description: sets what is already there\n    update: { version: 2.0.0 }\n`,
        ),
      /overlay\.yaml:\d+:\d+: correction \d+ no longer applies: .*already holds its update/,
    ],
    [
      "a correction without a reason",
      () => fixture(SPEC, `${OVERLAY}  - target: $.info\n    update: { summary: other }\n`),
      /overlay\.yaml:\d+:\d+: action \d+ \(\$\.info\) gives no reason/,
    ],
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
    const { spec, overlay } = fixture(replaceOnce(SPEC, DLQ_MESSAGE_REF, "#/components/schemas/Nope"));

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
    [
      "an edited file is stale",
      (dir: string) =>
        writeFileSync(join(dir, "schema.ts"), `${readFileSync(join(dir, "schema.ts"), "utf8")}// edited\n`),
      { stale: ["schema.ts"], extra: [] },
    ],
    [
      "a missing file is stale",
      (dir: string) => rmSync(join(dir, "operations.ts")),
      { stale: ["operations.ts"], extra: [] },
    ],
    [
      "a stray file is named",
      (dir: string) => writeFileSync(join(dir, "extra.ts"), ""),
      { stale: [], extra: ["extra.ts"] },
    ],
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
  }, 60_000);
});

const build = buildGenerated();

describe("corrections that no longer apply", () => {
  test("are all listed at once, each with its place, why it was made and the fix", async () => {
    const extra = [
      "  - target: $.paths['/v2/nowhere'].get\n    description: fixes a path that no longer exists\n    update: { summary: x }\n",
      "  - target: $.info\n    description: sets what is already there\n    update: { version: 2.0.0 }\n",
    ].join("");
    const { spec, overlay } = fixture(SPEC, `${OVERLAY}${extra}`);
    const error = await buildGenerated({ spec, overlay }).catch((e) => e);
    expect(error).toBeInstanceOf(StaleCorrections);
    expect(error.corrections.map((c: StaleCorrection) => c.reason)).toEqual([
      "fixes a path that no longer exists",
      "sets what is already there",
    ]);
    expect(error.message).toMatch(
      /overlay\.yaml: 2 corrections no longer apply:\n {2}\S*overlay\.yaml:\d+:\d+: correction \d+ no longer applies: \$\.paths\['\/v2\/nowhere'\]\.get matches nothing/,
    );
    expect(error.message).toMatch(
      /made because: fixes a path that no longer exists\n {4}fix: check whether upstream moved/,
    );
    expect(error.message).toMatch(
      /correction \d+ no longer applies: \$\.info already holds its update\n {4}made because: sets what is already there\n {4}fix: upstream fixed it: delete the action/,
    );
  });

  test("are anchored to the route, not to what a path parameter is called: an upstream rename keeps them applying", () => {
    const overlay = loadYaml(
      "o.yaml",
      "overlay: 1.0.0\nactions:\n  - target: $.paths['/v2/dlq/{dlqId}'].get.parameters[?(@.name == 'dlqId' || @.in == 'query')]\n    description: a reason\n    update: { description: ours }\n",
    );
    const renamed = {
      paths: {
        "/v2/dlq/{id}": {
          get: {
            parameters: [
              { name: "x", in: "query" },
              { name: "id", in: "path" },
            ],
          },
        },
      },
    };
    expect(applyOverlay(renamed, overlay)).toHaveLength(1);
    expect(renamed.paths["/v2/dlq/{id}"].get.parameters).toEqual([
      { name: "x", in: "query", description: "ours" },
      { name: "id", in: "path" },
    ]);
  });
});

describe("the canonical layout of spec/", () => {
  test("is a function of the content: laying the same spec out otherwise gives back the same bytes", () => {
    const relaid = stringify(parse(SPEC), { indent: 4, lineWidth: 60, defaultStringType: "QUOTE_DOUBLE" });
    expect(relaid).not.toBe(SPEC);
    expect(canonicalized(`${leadingComments(SPEC)}${relaid}`)).toBe(SPEC);
  });

  test("check:generated fails on a spec in another layout; generate puts it back, then check:generated passes", async () => {
    const root = tempDir();
    cpSync("spec", join(root, "spec"), { recursive: true });
    cpSync(GENERATED_DIR, join(root, GENERATED_DIR), { recursive: true });
    const relaid = `${leadingComments(SPEC)}${stringify(parse(SPEC), { indent: 4 })}`;
    writeFileSync(join(root, SPEC_FILE), relaid);
    const inRoot = (script: string) => cli(join(process.cwd(), script), [], root);

    const before = await inRoot("scripts/check-generated.ts");
    expect(before.code).toBe(1);
    expect(before.stderr).toContain(`✖ ${SPEC_FILE} is not in the canonical layout`);
    const generate = await inRoot("scripts/generate.ts");
    expect(generate.code, generate.stderr).toBe(0);
    expect(readFileSync(join(root, SPEC_FILE), "utf8")).toBe(SPEC);
    expect((await inRoot("scripts/check-generated.ts")).code).toBe(0);
  }, 120_000);
});
