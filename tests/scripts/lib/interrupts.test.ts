/** An interruption runs every clean-up (lib/interrupts.ts). */
import { describe, expect, it } from "vitest";
import { onInterrupt, runCleanups } from "../../../scripts/lib/interrupts.ts";
import { textCollector as collector } from "../../helpers/text-stream.ts";

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
