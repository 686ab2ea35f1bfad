/** Steps say what they are doing while they run (lib/progress.ts): a live line on a terminal, one line per step elsewhere. */
import { describe, expect, it } from "vitest";
import { withHeartbeat } from "../../../scripts/lib/heartbeat.ts";
import { progress } from "../../../scripts/lib/progress.ts";
import { textCollector as collector } from "../../helpers/text-stream.ts";

const CLEAR = "\r\x1b[2K";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a terminal would show: every redraw replaces the line it clears. */
const screen = (text: string) =>
  text
    .split("\n")
    .map((line) => line.split(CLEAR).at(-1))
    .join("\n");

describe("progress, not on a terminal", () => {
  it("prints one line per step and the lines a step asks for, never its counts or notes", async () => {
    const { out, text } = collector();
    const step = progress(2, out);
    const result = await step("run operations suite", async (p) => {
      for (let done = 1; done <= 3; done++) {
        p.count(done, 3, "cases");
        await sleep(5);
      }
      p.note("stopping");
      p.line("  ✔ run 1/1 (3 cases)");
      return 42;
    });
    await expect(
      step("write reports", () => {
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    expect(result).toBe(42);
    expect(text()).not.toContain(CLEAR);
    expect(text()).toMatch(
      /^ {2}✔ run 1\/1 \(3 cases\)\n✔ \[1\/2\] run operations suite \(\d+ms\)\n✖ \[2\/2\] write reports \(\d+ms\)\n$/,
    );
  });
});

describe("progress, on a terminal", () => {
  it("shows a running step's count on a live line once it has run a while, and clears it before the step's line", async () => {
    const { out, text } = collector(true);
    const step = progress(1, out, { liveAfterMs: 20, redrawMs: 20 });
    await step("run operations suite", async (p) => {
      p.count(812, 2159, "cases");
      await sleep(120);
    });
    expect(text()).toContain(`${CLEAR}  … [1/1] run operations suite: 812 of 2159 cases (`);
    expect(text()).toMatch(new RegExp(`${CLEAR.replace("[", "\\[")}✔ \\[1/1\\] run operations suite \\(\\d+ms\\)\\n$`));
    const written = text().length;
    await sleep(60);
    expect(text()).toHaveLength(written);
  });

  it("leaves no trace of a live line for a step quicker than the delay", async () => {
    const { out, text } = collector(true);
    await progress(1, out, { liveAfterMs: 200 })("generate", (p) => p.count(1, 1, "files"));
    expect(text()).toMatch(/^✔ \[1\/1\] generate \(\d+ms\)\n$/);
  });

  it("prints a lasting line above the live line and draws the live line again under it", async () => {
    const { out, text } = collector(true);
    await progress(1, out, { liveAfterMs: 10, redrawMs: 10 })("verify wall time", async (p) => {
      p.count(1, 3, "runs");
      await sleep(50);
      p.line("  ✔ run 1/3: 7.12 s");
      p.count(2, 3, "runs");
      await sleep(50);
    });
    const lines = screen(text()).split("\n");
    expect(lines[0]).toBe("  ✔ run 1/3: 7.12 s");
    expect(lines[1]).toMatch(/^✔ \[1\/1\] verify wall time/);
    expect(text().indexOf("1 of 3 runs")).toBeLessThan(text().indexOf("  ✔ run 1/3"));
    expect(text().lastIndexOf("2 of 3 runs")).toBeGreaterThan(text().indexOf("  ✔ run 1/3"));
  });

  it("lets a heartbeat inside a step take the live line over instead of printing lines", async () => {
    const { out, text } = collector(true);
    let files = 0;
    await progress(1, out, { liveAfterMs: 10, redrawMs: 10 })("run the contract suite", () =>
      withHeartbeat(
        "contract suite",
        async () => {
          for (; files < 4; files++) await sleep(25);
        },
        { status: () => `${files} test file(s) done`, firstMs: 10, out },
      ),
    );
    expect(text()).toMatch(/ {2}… contract suite: [1-4] test file\(s\) done \(\d+ s\)/);
    expect(screen(text())).toMatch(/^✔ \[1\/1\] run the contract suite \(\d+ms\)\n$/);
  });
});
