/**
 * npm run bench's loop (bench/run-measures.ts) on stand-in measures: what ran is said and recorded,
 * 0 runs leaves a measure out, a failing measure does not stop the others, and the results file and
 * the README's table are written together from the merged results.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Measure } from "../../bench/measure.ts";
import { planRuns } from "../../bench/plan.ts";
import { BEGIN, END, renderTable, tableIn } from "../../bench/readme-table.ts";
import { readResults, resultsText } from "../../bench/results.ts";
import { runMeasures, saveResults } from "../../bench/run-measures.ts";
import { medianOf } from "../../bench/stats.ts";
import { tempDirs } from "../helpers/temp-dirs.ts";
import { textCollector as collector } from "../helpers/text-stream.ts";

const makeDir = tempDirs();

/** A measure that records how often it was run and gives `runs` as its figure. */
function standIn(id: string, defaultRuns: number, fail = false): Measure & { calls: number[] } {
  const calls: number[] = [];
  return {
    id,
    title: `the ${id} figure`,
    about: id,
    defaultRuns,
    runNoun: "run",
    calls,
    async run(runs, progress) {
      calls.push(runs);
      for (let i = 1; i <= runs; i++) progress.line(`  ✔ ${id} run ${i}/${runs}`);
      if (fail) throw new Error(`${id} exited with 1; its timing would mean nothing:\nlast words`);
      return {
        runs,
        statistic: medianOf(runs, "run"),
        sideBySide: [],
        figures: [{ name: id, value: runs, unit: "s" }],
      };
    },
    cells: (result) => ({ figures: `${result.figures[0]!.value} s` }),
  };
}

describe("runMeasures", () => {
  it("runs each measure its planned number of times, says what did not run and why, and records the run", async () => {
    const measures = [standIn("quick", 3), standIn("long", 0), standIn("asked-off", 2)];
    const { out, text } = collector();
    const plan = planRuns(measures, { runs: ["asked-off=0", "1"] });
    const { fresh, failed } = await runMeasures(plan, { command: "npm run bench -- --runs 1", commit: "abc1234" }, out);
    expect(measures.map((m) => m.calls)).toEqual([[1], [], []]);
    expect(failed).toEqual([]);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({
      measure: "quick",
      runs: 1,
      statistic: "1 run",
      command: "npm run bench -- --runs 1",
      commit: "abc1234",
      machine: { cores: expect.any(Number), node: process.version },
    });
    expect(text().split("\n")).toEqual([
      "⏭ not run (off by default; `--only long` runs it): long",
      "⏭ not run (0 runs asked): asked-off",
      "  ✔ quick run 1/1",
      expect.stringMatching(/^✔ \[1\/1\] quick \(1 run\) \(\d+ms\)$/),
      "",
    ]);
  });

  it("goes on past a failing measure, naming it with its reason", async () => {
    const measures = [standIn("broken", 1, true), standIn("fine", 2)];
    const { out, text } = collector();
    const { fresh, failed } = await runMeasures(
      planRuns(measures, {}),
      { command: "npm run bench", commit: null },
      out,
    );
    expect(fresh.map((r) => [r.measure, r.statistic])).toEqual([["fine", "median of 2 runs"]]);
    expect(failed).toEqual([{ measure: "broken", reason: "broken exited with 1; its timing would mean nothing:" }]);
    expect(text()).toMatch(
      /✖ \[1\/2\] broken \(1 run\) \(\d+ms\)\n {2}broken failed: broken exited with 1; .*\n {4}last words\n/,
    );
  });
});

describe("saveResults", () => {
  it("merges fresh results into the file and renders the README's table from the merged file", async () => {
    const measures = [standIn("quick", 3), standIn("long", 1)];
    const root = makeDir("bench-save");
    mkdirSync(join(root, "bench"));
    const old = await runMeasures(planRuns(measures, { only: ["long"], runs: ["4"] }), info("old"), collector().out);
    writeFileSync(join(root, "bench/results.json"), resultsText({ measures: old.fresh }));
    writeFileSync(join(root, "README.md"), `# x\n${BEGIN}\nstale\n${END}\nrest\n`);
    const fresh = await runMeasures(planRuns(measures, { only: ["quick"], runs: ["2"] }), info("new"), collector().out);

    expect(saveResults(fresh.fresh, measures, { root })).toEqual(["bench/results.json", "README.md"]);
    const saved = readResults(join(root, "bench/results.json"));
    expect(saved.measures.map((m) => [m.measure, m.runs, m.command])).toEqual([
      ["quick", 2, "new"],
      ["long", 4, "old"],
    ]);
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(tableIn(readme)).toBe(renderTable(saved, measures));
    expect(readme).toMatch(/\| the quick figure \(median of 2 runs\) \| 2 s \| — \|/);
    expect(readme.endsWith(`${END}\nrest\n`)).toBe(true);
  });

  it("leaves the README alone when asked to, and writes nothing when the README has no place for the table", async () => {
    const measures = [standIn("quick", 1)];
    const root = makeDir("bench-save");
    mkdirSync(join(root, "bench"));
    writeFileSync(join(root, "README.md"), "# no markers\n");
    const { fresh } = await runMeasures(planRuns(measures, {}), info("x"), collector().out);
    expect(() => saveResults(fresh, measures, { root })).toThrow("README.md: has no place for the bench results table");
    expect(() => readFileSync(join(root, "bench/results.json"))).toThrow(/ENOENT/);
    expect(saveResults(fresh, measures, { root, file: "other.json", readme: false })).toEqual(["other.json"]);
    expect(readResults(join(root, "other.json")).measures).toHaveLength(1);
    expect(readFileSync(join(root, "README.md"), "utf8")).toBe("# no markers\n");
  });
});

const info = (command: string) => ({ command, commit: "abc1234" });
