import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
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

  // Mining runs the SDK snippets on a mock and compiles them: a hang guard with room for a loaded machine.
  it("mines a checkout into pages/ and a manifest, one progress line per page", { timeout: 180_000 }, async () => {
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
      expect.stringMatching(/^✔ qstash\/guides\/wording\.mdx: 9 claims, 0 request examples$/),
      expect.stringMatching(/^✔ qstash\/sdks\/py\/sample\.mdx: 3 claims, 0 request examples, 3 SDK snippets$/),
      expect.stringMatching(/^✔ qstash\/sdks\/ts\/sample\.mdx: 4 claims, 0 request examples, 4 SDK snippets$/),
    ]);
    expect(readdirSync(join(out, "pages")).sort()).toEqual([
      "qstash-api-remove-parked.yaml",
      "qstash-guides-sending.yaml",
      "qstash-guides-wording.yaml",
      "qstash-sdks-py-sample.yaml",
      "qstash-sdks-ts-sample.yaml",
    ]);
    expect(readdirSync(out)).toContain("manifest.yaml");
    const manifest = parse(readFileSync(join(out, "manifest.yaml"), "utf8"));
    expect(manifest.totals).toMatchObject({
      pagesScanned: 5,
      pagesWithClaims: 5,
      snippetsFound: 7,
      snippetsLeftOutByReason: { "does-not-parse": 2 },
      sentencesLeftOutByReason: {
        "limit-of-plan": 1,
        "names-nothing": 2,
        "no-direction": 1,
        "sent-by-qstash": 1,
        "table-row": 1,
      },
    });
    expect(manifest.totals.sentencesRead).toBeGreaterThan(15);
  });
});
