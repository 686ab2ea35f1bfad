import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { tempDirs } from "../helpers/temp-dirs.ts";

const tempDir = tempDirs();

const run = promisify(execFile);
const mine = (...args: string[]) =>
  run(process.execPath, ["--import", "tsx", "scripts/mine.ts", ...args]).catch((error) => error);

describe.concurrent("npm run mine", () => {
  it("refuses an unknown flag with its usage (exit 2)", async () => {
    const result = await mine("--bogus", "x");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: Unknown option '--bogus'\nusage: npm run mine/);
  });

  it("names a missing checkout in one line (exit 1), no stack", async () => {
    const result = await mine("/nonexistent/docs");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: \/nonexistent\/docs: no such directory\n {2}fix: /);
  });

  it("mines a checkout into pages/ and a manifest, one progress line per page", async () => {
    const out = join(tempDir("mined"), "catalog");
    const result = await run(process.execPath, [
      "--import",
      "tsx",
      "scripts/mine.ts",
      "tests/fixtures/mdx",
      "--out",
      out,
    ]);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^✔ qstash\/api\/remove-parked\.mdx: 15 claims, 5 request examples$/),
      expect.stringMatching(/^✔ qstash\/guides\/sending\.mdx: 9 claims, 8 request examples, 2 left out$/),
    ]);
    expect(readdirSync(join(out, "pages")).sort()).toEqual([
      "qstash-api-remove-parked.yaml",
      "qstash-guides-sending.yaml",
    ]);
    expect(readdirSync(out)).toContain("manifest.yaml");
  });
});
