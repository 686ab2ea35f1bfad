/** bench/results.json (bench/results.ts): read with the place of any mistake, merged measure by measure. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { figureOf, type MeasureResult, mergeResults, readResults, resultsText } from "../../bench/results.ts";
import { SpecError } from "../../scripts/spec/spec-error.ts";
import { tempDirs } from "../helpers/temp-dirs.ts";

const makeDir = tempDirs();

function result(measure: string, value = 1, date = "2026-12-08T00:00:00.000Z"): MeasureResult {
  return {
    measure,
    runs: 3,
    statistic: "median of 3 runs",
    sideBySide: [],
    figures: [{ name: measure, value, unit: "s", samples: [value, value, value] }],
    date,
    command: "npm run bench",
    commit: "abc1234",
    machine: { cores: 2, node: "v20.20.2", platform: "linux", loadBefore: 0.5, loadAfter: 0.6 },
  };
}

function fileWith(text: string): string {
  const file = join(makeDir("bench-results"), "results.json");
  writeFileSync(file, text);
  return file;
}

describe("readResults", () => {
  it("reads what resultsText wrote", () => {
    const results = { measures: [result("verify", 7.1), result("test", 44)] };
    expect(readResults(fileWith(resultsText(results)))).toEqual(results);
  });

  it("reads a missing file as no results", () => {
    expect(readResults(join(makeDir("bench-results"), "none.json"))).toEqual({ measures: [] });
  });

  it.each<[string, string, string]>([
    ["not JSON", "{", "bench/results.json: is not JSON"],
    ["no measures list", "{}", 'bench/results.json: has no "measures" list'],
    [
      "a value that is not a number",
      JSON.stringify({ measures: [{ ...result("verify"), figures: [{ name: "x", value: "7 s", unit: "s" }] }] }),
      "bench/results.json:measures[0].figures[0].value: is not a finite number",
    ],
    [
      "an unknown unit",
      JSON.stringify({ measures: [{ ...result("verify"), figures: [{ name: "x", value: 7, unit: "min" }] }] }),
      "bench/results.json:measures[0].figures[0].unit: is not one of µs, ms, s, B",
    ],
    [
      "a measure twice",
      JSON.stringify({ measures: [result("verify"), result("verify")] }),
      'bench/results.json:measures[1].measure: repeats "verify"',
    ],
    [
      "a machine without cores",
      JSON.stringify({ measures: [{ ...result("verify"), machine: { node: "v20", platform: "linux" } }] }),
      "bench/results.json:measures[0].machine.cores: is not a finite number",
    ],
  ])("refuses %s, naming the place and the fix", (_name, text, message) => {
    const read = () => readResults(fileWith(text), "bench/results.json");
    expect(read).toThrow(SpecError);
    expect(read).toThrow(message);
    expect(read).toThrow("fix: run `npm run bench` again (or `git checkout bench/results.json`)");
  });
});

describe("mergeResults", () => {
  it("replaces the measures measured again, keeps the others, and orders them as the measures are", () => {
    const old = { measures: [result("test", 44, "2026-12-01"), result("verify", 7, "2026-12-01")] };
    const merged = mergeResults(
      old,
      [result("verify", 6.5, "2026-12-08"), result("overhead", 180)],
      ["overhead", "verify", "test"],
    );
    expect(merged.measures.map((m) => [m.measure, m.figures[0]!.value, m.date])).toEqual([
      ["overhead", 180, "2026-12-08T00:00:00.000Z"],
      ["verify", 6.5, "2026-12-08"],
      ["test", 44, "2026-12-01"],
    ]);
  });
});

describe("figureOf", () => {
  it("finds a figure by name, and says which measure to run again when it is missing", () => {
    expect(figureOf(result("verify", 7), "verify").value).toBe(7);
    expect(() => figureOf(result("verify"), "npm run verify")).toThrow(
      'bench/results.json:measure "verify": has no figure "npm run verify"\n  fix: run `npm run bench -- --only verify`',
    );
  });
});
