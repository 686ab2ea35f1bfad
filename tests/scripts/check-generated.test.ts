/** `npm run check:generated` on a temp copy of generated/, run in this process (tests/helpers/commands.ts). */
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { GENERATED_DIR } from "../../scripts/spec/build.ts";
import { runInProcess } from "../helpers/commands.ts";
import { tempDirs } from "../helpers/temp-dirs.ts";

const tempDir = tempDirs();

test("the command exits 1 and names the stale file", async () => {
  const dir = tempDir("generated");
  cpSync(GENERATED_DIR, dir, { recursive: true });
  writeFileSync(join(dir, "schema.ts"), "// edited by hand\n");

  const result = await runInProcess("scripts/check-generated.ts", [dir]);

  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/schema\.ts is stale[\s\S]*fix: run `npm run generate`/);
});
