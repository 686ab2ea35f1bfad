/** Long steps say what they are doing (lib/heartbeat.ts). */
import { describe, expect, it } from "vitest";
import { withHeartbeat } from "../../../scripts/lib/heartbeat.ts";
import { textCollector as collector } from "../../helpers/text-stream.ts";

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
