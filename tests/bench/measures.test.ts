/**
 * The measures of npm run bench (bench/measures.ts): the two quick ones run for real here (overhead
 * with a few calls), so that what a measure records is what its README row reads; the long ones
 * are run by the bench only.
 */
import { describe, expect, it } from "vitest";
import { MEASURES } from "../../bench/measures.ts";
import { benchOverhead, overheadMeasure, overheadMeasurement } from "../../bench/overhead.ts";
import { figureOf, type MeasureResult, readResults } from "../../bench/results.ts";
import { sizeMeasure } from "../../bench/size.ts";
import type { Progress } from "../../scripts/lib/progress.ts";

const silent: Progress = { count() {}, note() {}, line() {} };

function asStored(
  measure: string,
  measured: Omit<MeasureResult, "measure" | "date" | "command" | "commit" | "machine">,
) {
  const machine = { cores: 2, node: process.version, platform: process.platform, loadBefore: 0, loadAfter: 0 };
  return { measure, ...measured, date: new Date().toISOString(), command: "npm run bench", commit: null, machine };
}

describe("MEASURES", () => {
  it("have distinct ids; only the longest, the sync with its whole test run, is off by default", () => {
    expect(new Set(MEASURES.map((m) => m.id)).size).toBe(MEASURES.length);
    expect(MEASURES.filter((m) => m.defaultRuns === 0).map((m) => m.id)).toEqual(["sync-tests"]);
    expect(MEASURES.find((m) => m.id === "test")!.defaultRuns).toBe(1);
  });
});

describe("the quick measures, run for real", () => {
  it("size: one build whatever was asked, three bundles in bytes, the client's the smallest", async () => {
    const measured = await sizeMeasure.run(3, silent);
    expect(measured.runs).toBe(1);
    expect(measured.figures.map((f) => f.unit)).toEqual(["B", "B", "B"]);
    const [client, whole] = measured.figures;
    expect(client!.value).toBeGreaterThan(1000);
    expect(client!.value).toBeLessThan(whole!.value);
    expect(client!.extra!.minified).toBeGreaterThan(client!.value);
    expect(sizeMeasure.cells(asStored("size", measured)).figures).toMatch(/^\*\*\d{1,2},\d{3} B\*\*/);

    // The figure the issue found wrong: what bench/results.json says is what this tree builds. The
    // minified bytes are compared (esbuild is pinned; gzip's bytes may differ with Node's zlib).
    const recorded = readResults().measures.find((m) => m.measure === "size");
    const ours = measured.figures.slice(0, 2);
    expect(
      ours.map((f) => recorded && figureOf(recorded, f.name).extra?.minified),
      "bench/results.json's bundle size is not what this tree builds: run npm run bench -- --only size",
    ).toEqual(ours.map((f) => f.extra!.minified));
  });

  it("overhead: every contender side by side, in microseconds, its row readable (a few calls: the bench makes thousands)", async () => {
    const heard: string[] = [];
    const progress = {
      ...silent,
      count: (done: number, total: number, unit: string) => heard.push(`${done}/${total} ${unit}`),
    };
    const rows = await benchOverhead({ rounds: 2, perRound: 3, warmup: 2 }, progress);
    const measured = overheadMeasurement(rows, 2, 3);
    expect(measured.statistic).toBe("median of 6 calls each, 2 interleaved rounds of 3");
    expect(measured.sideBySide).toEqual(measured.figures.map((f) => f.name));
    expect(measured.figures.every((f) => f.unit === "µs" && f.value > 0 && f.extra!.calls === 6)).toBe(true);
    expect(heard).toEqual(["0/2 rounds", "1/2 rounds"]);
    const { figures, verdict } = overheadMeasure.cells(asStored("overhead", measured));
    expect(figures).toMatch(/^raw fetch [\d.]+ µs · \*\*createQStashClient [\d.]+ µs \([\d.]+×\)\*\*/);
    expect(verdict).toMatch(/^\*\*(met|missed)\*\*$/);
  });
});
