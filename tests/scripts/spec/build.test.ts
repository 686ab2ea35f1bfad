import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { StaleCorrections, type StaleCorrection } from "../../../scripts/spec/apply-overlay.ts";
import { buildGenerated, GENERATED_DIR, OVERLAY_FILE, SPEC_FILE } from "../../../scripts/spec/build.ts";
import { staleFiles } from "../../../scripts/spec/stale-files.ts";
import { committedBuild } from "../../helpers/build.ts";
import { tempDirs } from "../../helpers/temp-dirs.ts";

const SPEC = readFileSync(SPEC_FILE, "utf8");
const OVERLAY = readFileSync(OVERLAY_FILE, "utf8");
// Fixture edits match facts, not layout: a sync rewrites the spec in another YAML style.
const DLQ_MESSAGE_REF = /#\/components\/schemas\/DLQMessage\b/;
const tempDir = tempDirs();

/** A spec (and overlay) written to a temp dir, derived from the real ones by a small edit. */
function fixture(spec: string, overlay = OVERLAY) {
  const dir = tempDir("generate");
  writeFileSync(join(dir, "spec.yaml"), spec);
  writeFileSync(join(dir, "overlay.yaml"), overlay);
  return { dir, spec: join(dir, "spec.yaml"), overlay: join(dir, "overlay.yaml") };
}

function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const next = text.replace(from, to);
  if (next === text) throw new Error(`fixture edit found no ${from}`);
  return next;
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
    const refusal = buildGenerated({ spec, overlay });
    await expect(refusal).rejects.toThrow(message);
    await expect(refusal).rejects.toThrow(/\n {2}fix: \S/);
  });
});

describe("the build", () => {
  test("is deterministic: two builds give the same bytes, equal to the committed generated/", async () => {
    const [first, second] = await Promise.all([committedBuild(), buildGenerated()]);

    expect(first.files).toEqual(second.files);
    expect(staleFiles(GENERATED_DIR, first.files)).toEqual({ stale: [], extra: [] });
  });
});

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
});
