import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { GENERATED_DIR } from "../../../scripts/spec/build.ts";
import { staleFiles } from "../../../scripts/spec/stale-files.ts";
import { committedBuild } from "../../helpers/build.ts";
import { tempDirs } from "../../helpers/temp-dirs.ts";

const tempDir = tempDirs();

describe.concurrent("staleFiles: what check:generated reports", () => {
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
    const dir = tempDir("generated");
    cpSync(GENERATED_DIR, dir, { recursive: true });
    tamper(dir);

    expect(staleFiles(dir, (await committedBuild()).files)).toEqual(want);
  });
});
