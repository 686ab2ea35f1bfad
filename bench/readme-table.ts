/**
 * The README's results table, rendered from bench/results.json and nothing else, between two
 * marker lines: `npm run bench` (and `npm run bench:readme`) rewrite it, and
 * tests/bench/readme-table.test.ts fails when the README's copy differs from what the file renders.
 */
import { SpecError } from "../scripts/spec/spec-error.ts";
import type { Measure } from "./measure.ts";
import { type BenchResults, type MeasureResult, RESULTS_FILE } from "./results.ts";
import { grouped } from "./stats.ts";

export const BEGIN = `<!-- bench:results:begin: rendered from ${RESULTS_FILE} by npm run bench:readme; do not edit by hand -->`;
export const END = "<!-- bench:results:end -->";

/** The table, one row per measure in `measures` order, then where each result came from. */
export function renderTable(results: BenchResults, measures: readonly Measure[]): string {
  const byId = new Map(results.measures.map((m) => [m.measure, m]));
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const rows = measures.map((measure) => {
    const result = byId.get(measure.id);
    const { figures, verdict } = result
      ? measure.cells(result)
      : { figures: `not measured yet (\`npm run bench -- --only ${measure.id}\`)`, verdict: "not measured" };
    const what = result ? `${measure.title} (${result.statistic})` : measure.title;
    const target = measure.target ? `${measure.target}: ${verdict}` : "—";
    return `| ${cell(what)} | ${cell(figures)} | ${cell(target)} |`;
  });
  return [
    `Measured with \`npm run bench\` (what is compared runs interleaved in one run; medians), as recorded in \`${RESULTS_FILE}\`:`,
    "",
    "| measure | result | target |",
    "| --- | --- | --- |",
    ...rows,
    "",
    ...provenance(measures.map((m) => byId.get(m.id)).filter((r): r is MeasureResult => r !== undefined)),
  ].join("\n");
}

/** One line per run of the bench: its command, commit, day and machine, and each of its measures with the load around it. */
function provenance(results: MeasureResult[]): string[] {
  const runs = new Map<string, MeasureResult[]>();
  for (const r of results) {
    const { cores, node, platform } = r.machine;
    const commit = r.commit ? `commit ${r.commit}` : "an unknown commit";
    const key = `by \`${r.command}\` at ${commit} on ${r.date.slice(0, 10)} (${cores} cores, Node ${node}, ${platform})`;
    runs.set(key, [...(runs.get(key) ?? []), r]);
  }
  return [...runs].map(([key, measured]) => {
    const loads = measured.map(
      (r) => `${r.measure} (load ${grouped(r.machine.loadBefore, 2)} → ${grouped(r.machine.loadAfter, 2)})`,
    );
    // Bytes do not care how busy the machine was; times do.
    const timed = measured.filter((r) => r.figures.some((f) => f.unit !== "B"));
    const busy = timed.some((r) => Math.max(r.machine.loadBefore, r.machine.loadAfter) > r.machine.cores);
    return `- Measured ${key}: ${loads.join(", ")}${busy ? "; a load above the cores: a busy machine, noisy times" : ""}.`;
  });
}

/** The README with its results table replaced; a SpecError when the marker lines are missing. */
export function withTable(readme: string, table: string, shown = "README.md"): string {
  const { start, end } = placeOf(readme, shown);
  return `${readme.slice(0, start)}${table}${readme.slice(end)}`;
}

/** The README's table as it stands, for a check against what the results render. */
export function tableIn(readme: string, shown = "README.md"): string {
  const { start, end } = placeOf(readme, shown);
  return readme.slice(start, end);
}

/** Where the table stands: from the line after BEGIN to the newline before END. */
function placeOf(readme: string, shown: string): { start: number; end: number } {
  const begin = readme.indexOf(`${BEGIN}\n`);
  const end = begin < 0 ? -1 : readme.indexOf(`\n${END}`, begin + BEGIN.length);
  if (end < 0)
    throw new SpecError(
      shown,
      "",
      "has no place for the bench results table",
      `put the line ${BEGIN} above it and the line ${END} below it`,
    );
  return { start: begin + BEGIN.length + 1, end };
}
