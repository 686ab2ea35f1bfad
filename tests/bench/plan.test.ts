/** How many runs each measure gets from the command line (bench/plan.ts): 0 leaves a measure out, never fails the run. */
import { describe, expect, it } from "vitest";
import type { Measure } from "../../bench/measure.ts";
import { planRuns, type PlanFlags } from "../../bench/plan.ts";
import { UsageError } from "../../scripts/lib/cli.ts";

const measure = (id: string, defaultRuns: number, maxRuns?: number): Measure => ({
  id,
  title: id,
  about: id,
  defaultRuns,
  runNoun: "run",
  maxRuns,
  run: async () => ({ runs: 0, statistic: "", sideBySide: [], figures: [] }),
  cells: () => ({ figures: "" }),
});
const MEASURES = [measure("overhead", 30), measure("verify", 3), measure("sync-tests", 0), measure("test", 1)];
const runsOf = (flags: PlanFlags) => Object.fromEntries(planRuns(MEASURES, flags).map((p) => [p.measure.id, p.runs]));

describe("planRuns", () => {
  it.each<[string, PlanFlags, Record<string, number>]>([
    ["the defaults, a measure off by default left out", {}, { overhead: 30, verify: 3, "sync-tests": 0, test: 1 }],
    ["--runs N for every measure that runs", { runs: ["2"] }, { overhead: 2, verify: 2, "sync-tests": 0, test: 2 }],
    ["--runs 0 for all of them", { runs: ["0"] }, { overhead: 0, verify: 0, "sync-tests": 0, test: 0 }],
    ["--runs <id>=0 skips that one", { runs: ["test=0"] }, { overhead: 30, verify: 3, "sync-tests": 0, test: 0 }],
    ["--runs <id>=N over --runs N", { runs: ["1", "verify=5"] }, { overhead: 1, verify: 5, "sync-tests": 0, test: 1 }],
    [
      "--runs <id>=N runs one off by default",
      { runs: ["sync-tests=2"] },
      { overhead: 30, verify: 3, "sync-tests": 2, test: 1 },
    ],
    ["--only, comma-separated", { only: ["verify,test"] }, { overhead: 0, verify: 3, "sync-tests": 0, test: 1 }],
    [
      "--only one off by default runs it once",
      { only: ["sync-tests"] },
      { overhead: 0, verify: 0, "sync-tests": 1, test: 0 },
    ],
    [
      "--only with --runs N",
      { only: ["sync-tests"], runs: ["3"] },
      { overhead: 0, verify: 0, "sync-tests": 3, test: 0 },
    ],
    ["--skip, repeated", { skip: ["test", "overhead"] }, { overhead: 0, verify: 3, "sync-tests": 0, test: 0 }],
    [
      "--skip wins over --only",
      { only: ["verify"], skip: ["verify"] },
      { overhead: 0, verify: 0, "sync-tests": 0, test: 0 },
    ],
  ])("%s", (_name, flags, expected) => {
    expect(runsOf(flags)).toEqual(expected);
  });

  it("makes no more runs than a measure can tell anything from", () => {
    const plan = planRuns([measure("size", 1, 1), measure("verify", 3)], { runs: ["5"] });
    expect(plan.map((p) => [p.measure.id, p.runs])).toEqual([
      ["size", 1],
      ["verify", 5],
    ]);
  });

  it("says why each measure does not run", () => {
    const why = (flags: PlanFlags) =>
      Object.fromEntries(planRuns(MEASURES, flags).map((p) => [p.measure.id, p.notRun]));
    expect(why({ only: ["verify"] }).overhead).toBe("not chosen by --only");
    expect(why({ skip: ["verify"] }).verify).toBe("--skip");
    expect(why({ runs: ["test=0"] }).test).toBe("0 runs asked");
    expect(why({})["sync-tests"]).toBe("off by default; `--only sync-tests` runs it");
    expect(why({}).verify).toBeUndefined();
  });

  it.each<[PlanFlags, RegExp]>([
    [{ only: ["verfiy"] }, /--only: no measure "verfiy"; the measures: overhead, verify, sync-tests, test/],
    [{ skip: ["size"] }, /--skip: no measure "size"/],
    [{ runs: ["nope=1"] }, /--runs: no measure "nope"/],
    [{ runs: ["-1"] }, /--runs: "-1" is not a whole number of runs \(0 skips\)/],
    [{ runs: ["verify=1.5"] }, /--runs verify=: "1.5" is not a whole number/],
  ])("refuses %j as a usage mistake", (flags, message) => {
    expect(() => planRuns(MEASURES, flags)).toThrow(UsageError);
    expect(() => planRuns(MEASURES, flags)).toThrow(message);
  });
});
