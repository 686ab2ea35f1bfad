/**
 * `npm run generate` and the layout check of `npm run check:generated`, run in this process
 * (tests/helpers/commands.ts) on temp copies: a bad spec leaves the output as it was, and a spec in
 * another YAML layout is put back into the canonical one.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parse, stringify } from "yaml";
import { GENERATED_DIR, SPEC_FILE } from "../../scripts/spec/build.ts";
import { leadingComments } from "../../scripts/spec/canonical.ts";
import { runInProcess } from "../helpers/commands.ts";
import { tempDirs } from "../helpers/temp-dirs.ts";

const SPEC = readFileSync(SPEC_FILE, "utf8");
const tempDir = tempDirs();
const snapshotDir = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), "utf8")]));

describe("npm run generate", () => {
  test("exits non-zero on a bad spec and leaves the output directory exactly as it was", async () => {
    const out = tempDir("generate-out");
    cpSync(GENERATED_DIR, out, { recursive: true });
    const before = snapshotDir(out);
    const dir = tempDir("generate");
    const broken = SPEC.replace(/#\/components\/schemas\/DLQMessage\b/, "#/components/schemas/Nope");
    expect(broken).not.toBe(SPEC);
    writeFileSync(join(dir, "spec.yaml"), broken);
    cpSync("spec/corrections.overlay.yaml", join(dir, "overlay.yaml"));

    const result = await runInProcess("scripts/generate.ts", [join(dir, "spec.yaml"), join(dir, "overlay.yaml"), out]);

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/error: .*spec\.yaml:\d+:\d+: \$ref/);
    expect(snapshotDir(out)).toEqual(before);
  });

  test("check:generated fails on a spec in another layout; generate puts it back, then check:generated passes", async () => {
    const root = tempDir("generate-root");
    cpSync("spec", join(root, "spec"), { recursive: true });
    cpSync(GENERATED_DIR, join(root, GENERATED_DIR), { recursive: true });
    const relaid = `${leadingComments(SPEC)}${stringify(parse(SPEC), { indent: 4 })}`;
    writeFileSync(join(root, SPEC_FILE), relaid);
    const inRoot = (script: string) => runInProcess(script, [], { cwd: root });

    const before = await inRoot("scripts/check-generated.ts");
    expect(before.status).toBe(1);
    expect(before.stderr).toContain(`✖ ${SPEC_FILE} is not in the canonical layout`);
    const generate = await inRoot("scripts/generate.ts");
    expect(generate.status, generate.stderr).toBe(0);
    expect(readFileSync(join(root, SPEC_FILE), "utf8")).toBe(SPEC);
    expect((await inRoot("scripts/check-generated.ts")).status).toBe(0);
  });
});
