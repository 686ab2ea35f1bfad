import type { Progress } from "../scripts/lib/progress.ts";
import type { Figure, MeasureResult } from "./results.ts";

/** What a measure gives back from its runs; bench/run.ts adds when, where and by what command. */
export interface Measurement {
  /** How many runs the figures come from (a deterministic measure makes one, whatever was asked). */
  runs: number;
  /** What each value is, saying what ran: "median of 3 runs". */
  statistic: string;
  /** What ran interleaved in one run, compared side by side; empty when one thing ran. */
  sideBySide: string[];
  figures: Figure[];
}

/** One thing `npm run bench` measures: how, how often by default, and its row in the README's table. */
export interface Measure {
  id: string;
  /** The README's name for it: what is measured, and where. */
  title: string;
  /** What counts as good, in words ("≤ 10 s"); absent when nothing is aimed at. */
  target?: string;
  /** For --help: what it measures and what one run is. */
  about: string;
  /** Runs when no flag says otherwise; 0 leaves the measure to a flag (`--only <id>`). */
  defaultRuns: number;
  /** What one run is: "run", "round", "build". */
  runNoun: string;
  /** The most runs that can tell anything (1 for a deterministic figure); more asked are not made. */
  maxRuns?: number;
  run(runs: number, progress: Progress): Promise<Measurement>;
  /** The README's cells for a stored result: its figures, and whether the target was met (Markdown). */
  cells(result: MeasureResult): { figures: string; verdict?: string };
}
