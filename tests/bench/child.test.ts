/** A measure's child runs (bench/child.ts): timed, and when one fails, the error names what failed. */
import { describe, expect, it } from "vitest";
import { failedRun, timedRun } from "../../bench/child.ts";

describe("timedRun", () => {
  it("times a child, keeps its stdout, and names the failures it printed on either stream", async () => {
    const script = [
      'process.stdout.write(" \\x1b[41m FAIL \\x1b[49m tests/a.test.ts > one\\nok line\\n");',
      'process.stderr.write("FAIL tests/b.test.ts > two\\nFAIL tests/b.test.ts > two\\nTest Files 2 failed\\n");',
      "process.exitCode = 1;",
    ].join("");
    const run = await timedRun(process.execPath, ["-e", script]);
    expect(run.code).toBe(1);
    expect(run.ms).toBeGreaterThan(0);
    expect(run.stdout).toContain("ok line");
    expect(run.failLines).toEqual(["FAIL  tests/a.test.ts > one", "FAIL tests/b.test.ts > two"]);
    expect(failedRun("vitest run 1", run).message).toBe(
      "vitest run 1 exited with 1; its timing would mean nothing:\n" +
        "FAIL  tests/a.test.ts > one\nFAIL tests/b.test.ts > two\n…\n" +
        "FAIL tests/b.test.ts > two\nFAIL tests/b.test.ts > two\nTest Files 2 failed",
    );
  });

  it("says only the exit code of a child that printed nothing", async () => {
    const run = await timedRun(process.execPath, ["-e", "process.exitCode = 3"]);
    expect(failedRun("verify run 2", run).message).toBe("verify run 2 exited with 3; its timing would mean nothing");
  });
});
