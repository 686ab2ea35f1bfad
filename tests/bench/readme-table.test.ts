/**
 * The README's results table is bench/results.json rendered (bench/readme-table.ts): a figure
 * typed into the README by hand, or a results file committed without its table, fails here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MEASURES } from "../../bench/measures.ts";
import { BEGIN, END, renderTable, tableIn, withTable } from "../../bench/readme-table.ts";
import { type Figure, type MeasureResult, readResults } from "../../bench/results.ts";
import { SpecError } from "../../scripts/spec/spec-error.ts";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

it("the README's results table is what bench/results.json renders (npm run bench:readme puts it right)", () => {
  expect(tableIn(README), "README.md's results table differs from bench/results.json: run npm run bench:readme").toBe(
    renderTable(readResults(), MEASURES),
  );
});

function stored(measure: string, figures: Figure[], more: Partial<MeasureResult> = {}): MeasureResult {
  return {
    measure,
    runs: 3,
    statistic: "median of 3 runs",
    sideBySide: [],
    figures,
    date: "2026-12-08T10:00:00.000Z",
    command: "npm run bench",
    commit: "abc1234",
    machine: { cores: 2, node: "v20.20.2", platform: "linux", loadBefore: 0.4, loadAfter: 0.5 },
    ...more,
  };
}
const seconds = (name: string, value: number, extra?: Record<string, number>): Figure => ({
  name,
  value,
  unit: "s",
  extra,
});

/** The row a measure's result renders to, by measure id. */
function rowOf(result: MeasureResult): string {
  const table = renderTable({ measures: [result] }, MEASURES);
  return table.split("\n").find((line) => line.includes(result.statistic))!;
}

const overhead = (ours: number, sdk: number) =>
  stored(
    "overhead",
    [
      ["raw fetch", 100],
      ["createQStashClient", ours],
      ["createQStashClient, timeout: Infinity", 104],
      ["createQStashClient, timeout: 30 s", 112],
      ["@upstash/qstash", sdk],
    ].map(([name, value]) => ({ name: name as string, value: value as number, unit: "µs" as const })),
    { statistic: "median of 600 calls each, 3 interleaved rounds of 200" },
  );
const size = (client: number) =>
  stored(
    "size",
    [
      ["createQStashClient", client],
      ["whole entry (pages, items, cancelMessages, verifySignature, errors too)", 9225],
      ["@upstash/qstash Client", 11544],
    ].map(([name, value]) => ({ name: name as string, value: value as number, unit: "B" as const })),
    { runs: 1, statistic: "one build; the same commit gives the same bytes" },
  );
const typeCheck = (emptyOff: number, tenOff: number, tenOn: number) =>
  stored(
    "type-check",
    [
      ["empty project (lib files only), skipLibCheck off", emptyOff],
      ["import only, skipLibCheck off", 1200],
      ["ten typed calls, skipLibCheck off", tenOff],
      ["empty project (lib files only), skipLibCheck on", 500],
      ["import only, skipLibCheck on", 600],
      ["ten typed calls, skipLibCheck on", tenOn],
    ].map(([name, value]) => ({ name: name as string, value: value as number, unit: "ms" as const })),
    { statistic: "median of 3 rounds of fresh tsc runs, interleaved, after a warm-up round" },
  );

describe("each measure's row", () => {
  it.each<[string, MeasureResult, string[]]>([
    [
      "overhead, met",
      overhead(105, 110),
      [
        "per-call time, `GET /v2/dlq` on loopback (median of 600 calls each, 3 interleaved rounds of 200)",
        "raw fetch 100.0 µs · **createQStashClient 105.0 µs (1.050×)**",
        "@upstash/qstash 110.0 µs (1.100×)",
        "≤ 1.10× raw fetch, below the SDK: **met**",
      ],
    ],
    ["overhead, slower than the SDK", overhead(105, 104), ["below the SDK: **missed**"]],
    ["overhead, over the ratio", overhead(111, 120), ["below the SDK: **missed**"]],
    [
      "size, missed",
      size(6147),
      [
        "client entry, esbuild min + gzip -9 (one build; the same commit gives the same bytes)",
        "**6,147 B** (whole entry with pages, items, cancelMessages, verifySignature, errors: 9,225 B) · @upstash/qstash Client 11,544 B",
        "≤ 4,096 B: **missed by 2,051 B** (why: below the tables)",
      ],
    ],
    ["size, met", size(4096), ["≤ 4,096 B: **met** |"]],
    [
      "type-check",
      typeCheck(1325, 1695, 889),
      [
        "skipLibCheck off: lib files alone 1,325 ms, import 1,200 ms, ten typed calls 1,695 ms · skipLibCheck on: 500 / 600 / **889 ms**",
        "import + ten calls < 1 s: **met with skipLibCheck on, missed with skipLibCheck off** (the lib files alone take longer)",
      ],
    ],
    [
      "type-check, met both ways",
      typeCheck(700, 950, 800),
      ["**met with skipLibCheck on, met with skipLibCheck off** |"],
    ],
    [
      "verify",
      stored("verify", [seconds("npm run verify", 6.981, { cpuSeconds: 9.5, cases: 2159, requests: 8099 })]),
      [
        "`npm run verify` wall time, four suites (median of 3 runs)",
        "**6.98 s** (9.50 s CPU; 2,159 cases, 8,099 requests)",
        "≤ 10 s: **met**",
      ],
    ],
    ["verify, missed", stored("verify", [seconds("npm run verify", 10.2)]), ["**10.20 s** |", "≤ 10 s: **missed**"]],
    [
      "sync",
      stored("sync", [seconds("nothing changed", 1.912), seconds("generated/ stale, suite skipped", 3.3)], {
        statistic: "median of 3 rounds of the cases interleaved",
      }),
      ["nothing changed 1.91 s · generated/ stale, suite skipped 3.30 s | — |"],
    ],
    [
      "test, one run",
      stored("test", [{ ...seconds("npm test", 44.25, { tests: 4001 }), samples: [44.25] }], {
        runs: 1,
        statistic: "1 run",
      }),
      ["`npm test` wall time, mocks and child processes included (1 run)", "**44.3 s** (4,001 tests)", "**met**"],
    ],
    [
      "test, three runs",
      stored("test", [{ ...seconds("npm test", 50, { tests: 4001 }), samples: [49, 50, 52] }]),
      ["**50.0 s** (4,001 tests; runs 49.0, 50.0, 52.0 s)", "≤ 45 s on the quiet machine: **missed**"],
    ],
  ])("%s", (_name, result, parts) => {
    const row = rowOf(result);
    for (const part of parts) expect(row).toContain(part);
  });

  it("names a measure not measured yet, with the command that measures it", () => {
    const table = renderTable({ measures: [] }, MEASURES);
    expect(table).toContain(
      "| `npm run verify` wall time, four suites | not measured yet (`npm run bench -- --only verify`) | ≤ 10 s: not measured |",
    );
    expect(table.split("\n").filter((line) => line.startsWith("| ") && line.includes("not measured yet"))).toHaveLength(
      MEASURES.length,
    );
  });
});

describe("where the results came from", () => {
  it("says each run's command, commit, day and machine once, with each measure's load, and flags a busy machine", () => {
    const quiet = stored("verify", [seconds("npm run verify", 7)]);
    const busy = stored("test", [seconds("npm test", 50)], {
      command: "npm run bench -- --only test",
      commit: "def5678+changes",
      machine: { ...quiet.machine, loadBefore: 3.5, loadAfter: 2 },
    });
    const sync = stored("sync", [seconds("nothing changed", 1.9), seconds("generated/ stale, suite skipped", 3.3)]);
    const lines = renderTable({ measures: [quiet, busy, sync] }, MEASURES)
      .split("\n")
      .filter((line) => line.startsWith("- "));
    expect(lines).toEqual([
      "- Measured by `npm run bench` at commit abc1234 on 2026-12-08 (2 cores, Node v20.20.2, linux): verify (load 0.40 → 0.50), sync (load 0.40 → 0.50).",
      "- Measured by `npm run bench -- --only test` at commit def5678+changes on 2026-12-08 (2 cores, Node v20.20.2, linux): test (load 3.50 → 2.00); a load above the cores: a busy machine, noisy times.",
    ]);
  });

  it("does not call a busy machine noisy for bytes, which do not vary with load", () => {
    const busySize = { ...size(6147), machine: { ...size(6147).machine, loadBefore: 9, loadAfter: 9 } };
    const [line] = renderTable({ measures: [busySize] }, MEASURES)
      .split("\n")
      .filter((l) => l.startsWith("- "));
    expect(line).toMatch(/: size \(load 9\.00 → 9\.00\)\.$/);
  });
});

describe("the table's place in the README", () => {
  const readme = `# x\n\n## Results\n\n${BEGIN}\nold table\nsecond line\n${END}\n\nafter\n`;

  it("replaces what stands between the marker lines and nothing else", () => {
    const written = withTable(readme, "| new |");
    expect(written).toBe(`# x\n\n## Results\n\n${BEGIN}\n| new |\n${END}\n\nafter\n`);
    expect(tableIn(written)).toBe("| new |");
    expect(withTable(written, "| new |")).toBe(written);
  });

  it("refuses a README without the marker lines, saying which to add", () => {
    for (const broken of [readme.replace(BEGIN, ""), readme.replace(END, "")]) {
      expect(() => withTable(broken, "| new |")).toThrow(SpecError);
      expect(() => tableIn(broken)).toThrow(
        `README.md: has no place for the bench results table\n  fix: put the line ${BEGIN}`,
      );
    }
  });
});
