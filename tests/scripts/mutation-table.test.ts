import { expect, test } from "vitest";
import { mutationTable, survivors, type Report } from "../../scripts/mutation-table.ts";

const mutant = (status: string, line = 1) => ({
  mutatorName: "ConditionalExpression",
  replacement: "false",
  status,
  location: { start: { line, column: 3 } },
});
const report: Report = {
  files: {
    "src/b.ts": { mutants: [mutant("Killed"), mutant("Timeout"), mutant("Survived", 7), mutant("Ignored")] },
    "src/a.ts": { mutants: [mutant("Killed"), mutant("NoCoverage", 2), mutant("CompileError")] },
  },
};

test("one row per file, sorted, then the total; the score counts killed and timeout over valid mutants", () => {
  const rows = mutationTable(report)
    .split("\n")
    .map((line) => line.trim().split(/\s+/));
  expect(rows.map((r) => r[0])).toEqual(["file", "src/a.ts", "src/b.ts", "all"]);
  expect(rows[1]).toEqual(["src/a.ts", "2", "1", "0", "0", "1", "0", "50.00"]);
  expect(rows[2]).toEqual(["src/b.ts", "3", "1", "1", "1", "0", "1", "66.67"]);
  expect(rows[3]).toEqual(["all", "files", "5", "2", "1", "1", "1", "1", "60.00"]);
});

test("survivors lists what no test noticed, with its place", () => {
  expect(survivors(report)).toBe(
    "src/a.ts:2:3 NoCoverage ConditionalExpression: false\nsrc/b.ts:7:3 Survived ConditionalExpression: false",
  );
});
