/**
 * bench/results.json: what `npm run bench` measured, one entry per measure with the run it came
 * from (date, command, commit, machine). The README's results table is rendered from this file
 * (bench/readme-table.ts), never typed by hand. A run of some measures replaces only theirs.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SpecError } from "../scripts/spec/spec-error.ts";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const RESULTS_FILE = "bench/results.json";

type Unit = "µs" | "ms" | "s" | "B";
const UNITS: readonly Unit[] = ["µs", "ms", "s", "B"];

/** One number a measure gives, such as one contender's median. */
export interface Figure {
  /** What it is the figure of: "raw fetch", "ten typed calls, skipLibCheck on". */
  name: string;
  /** The median of the samples, or the one value of a deterministic figure. */
  value: number;
  unit: Unit;
  /** Each run's value, in the order they ran; absent when one run gives the value. */
  samples?: number[];
  /** Numbers that go with it: calls made, minified bytes, compiler types, CPU seconds. */
  extra?: Record<string, number>;
}

export interface Machine {
  cores: number;
  node: string;
  platform: string;
  /** The one-minute load average before and after the measure: how busy the machine was. */
  loadBefore: number;
  loadAfter: number;
}

/** What one measure gave in one run of `npm run bench`. */
export interface MeasureResult {
  measure: string;
  /** How many runs (rounds, builds) the figures come from. */
  runs: number;
  /** What each figure's value is, in words that say what ran: "median of 3 runs". */
  statistic: string;
  /** What ran interleaved in one run and was compared side by side; empty when one thing ran. */
  sideBySide: string[];
  figures: Figure[];
  /** When the measure ended (ISO 8601). */
  date: string;
  /** The command line that measured it: `npm run bench -- --runs 1`. */
  command: string;
  /** The commit measured, with `+changes` when the work tree differed from it; null outside git. */
  commit: string | null;
  machine: Machine;
  /** CPU seconds the measure used, in this process and the children it waited for; absent where /proc cannot tell. */
  cpuSeconds?: number;
}

export interface BenchResults {
  measures: MeasureResult[];
}

const FIX = `run \`npm run bench\` again (or \`git checkout ${RESULTS_FILE}\`)`;

/** Reads the results file; a missing file holds no results, a malformed one is a SpecError naming the place. */
export function readResults(path = `${ROOT}${RESULTS_FILE}`, shown = RESULTS_FILE): BenchResults {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { measures: [] };
    throw new SpecError(shown, "", `cannot be read (${(error as Error).message})`, FIX);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SpecError(shown, "", `is not JSON (${(error as Error).message})`, FIX);
  }
  checkResults(parsed, shown);
  return parsed;
}

/** The fresh results in place of the old ones of the same measures, every measure in `order`. */
export function mergeResults(old: BenchResults, fresh: MeasureResult[], order: readonly string[]): BenchResults {
  const byMeasure = new Map(old.measures.map((m) => [m.measure, m]));
  for (const result of fresh) byMeasure.set(result.measure, result);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return { measures: [...byMeasure.values()].sort((a, b) => rank(a.measure) - rank(b.measure)) };
}

export function resultsText(results: BenchResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

/** The figure of that name in a stored result; a SpecError when the file lacks it (written by an older bench). */
export function figureOf(result: MeasureResult, name: string): Figure {
  const figure = result.figures.find((f) => f.name === name);
  if (!figure)
    throw new SpecError(
      RESULTS_FILE,
      `measure "${result.measure}"`,
      `has no figure "${name}"`,
      `run \`npm run bench -- --only ${result.measure}\``,
    );
  return figure;
}

function checkResults(value: unknown, shown: string): asserts value is BenchResults {
  const fail = (where: string, problem: string): never => {
    throw new SpecError(shown, where, problem, FIX);
  };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  const number = (v: unknown, where: string) =>
    (typeof v === "number" && Number.isFinite(v)) || fail(where, "is not a finite number");
  const string = (v: unknown, where: string) => typeof v === "string" || fail(where, "is not a string");
  if (!isObject(value) || !Array.isArray(value.measures)) fail("", 'has no "measures" list');
  const seen = new Set<string>();
  (value as { measures: unknown[] }).measures.forEach((m, i) => {
    const at = `measures[${i}]`;
    if (!isObject(m)) return fail(at, "is not an object");
    string(m.measure, `${at}.measure`);
    if (seen.has(m.measure as string)) fail(`${at}.measure`, `repeats "${m.measure}"`);
    seen.add(m.measure as string);
    number(m.runs, `${at}.runs`);
    for (const key of ["statistic", "date", "command"]) string(m[key], `${at}.${key}`);
    if (m.commit !== null) string(m.commit, `${at}.commit`);
    if (m.cpuSeconds !== undefined) number(m.cpuSeconds, `${at}.cpuSeconds`);
    if (!Array.isArray(m.sideBySide)) fail(`${at}.sideBySide`, "is not a list");
    (m.sideBySide as unknown[]).forEach((s, k) => string(s, `${at}.sideBySide[${k}]`));
    if (!isObject(m.machine)) return fail(`${at}.machine`, "is not an object");
    for (const key of ["cores", "loadBefore", "loadAfter"]) number(m.machine[key], `${at}.machine.${key}`);
    for (const key of ["node", "platform"]) string(m.machine[key], `${at}.machine.${key}`);
    if (!Array.isArray(m.figures) || m.figures.length === 0) fail(`${at}.figures`, "is not a list of figures");
    (m.figures as unknown[]).forEach((f, k) => {
      const fat = `${at}.figures[${k}]`;
      if (!isObject(f)) return fail(fat, "is not an object");
      string(f.name, `${fat}.name`);
      number(f.value, `${fat}.value`);
      if (!UNITS.includes(f.unit as Unit)) fail(`${fat}.unit`, `is not one of ${UNITS.join(", ")}`);
      if (f.samples !== undefined) {
        if (!Array.isArray(f.samples)) fail(`${fat}.samples`, "is not a list");
        (f.samples as unknown[]).forEach((s, n) => number(s, `${fat}.samples[${n}]`));
      }
      if (f.extra !== undefined) {
        if (!isObject(f.extra)) fail(`${fat}.extra`, "is not an object");
        for (const [key, n] of Object.entries(f.extra as object)) number(n, `${fat}.extra.${key}`);
      }
    });
  });
}
