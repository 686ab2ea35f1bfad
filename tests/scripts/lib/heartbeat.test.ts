/** Long steps say what they are doing (lib/heartbeat.ts); an interruption runs every clean-up (lib/interrupts.ts). */
import { describe, expect, it } from "vitest";
import { withHeartbeat } from "../../../scripts/lib/heartbeat.ts";
import { onInterrupt, runCleanups } from "../../../scripts/lib/interrupts.ts";
import { textStream as collector } from "../../helpers/text-stream.ts";

describe("withHeartbeat", () => {
  it("prints the label and the status while the work runs, and nothing after it ends", async () => {
    const { out, text } = collector();
    let done = 0;
    const result = await withHeartbeat(
      "contract suite",
      async () => {
        for (; done < 5; done++) await new Promise((resolve) => setTimeout(resolve, 40));
        return "finished";
      },
      { status: () => `${done} test(s) done`, firstMs: 30, everyMs: 30, out },
    );
    const lines = text().split("\n").filter(Boolean);
    expect(result).toBe("finished");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(/^ {2}… contract suite: \d test\(s\) done \(\d+ s\)$/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(text().split("\n").filter(Boolean)).toHaveLength(lines.length);
  });
});

describe("runCleanups", () => {
  it("runs every registered clean-up, newest first, past one that fails, and forgets unregistered ones", async () => {
    const { out, text } = collector();
    const ran: string[] = [];
    onInterrupt(() => void ran.push("stop children"));
    const forget = onInterrupt(() => void ran.push("never"));
    onInterrupt(() => {
      throw new Error("cannot");
    });
    onInterrupt(async () => void ran.push("put files back"));
    forget();
    await runCleanups(out);
    expect(ran).toEqual(["put files back", "stop children"]);
    expect(text()).toContain("clean-up failed: cannot");
    await runCleanups(out);
    expect(ran).toHaveLength(2);
  });
});
