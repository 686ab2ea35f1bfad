import { UsageError } from "../scripts/lib/cli.ts";
import type { Measure } from "./measure.ts";

export interface Planned {
  measure: Measure;
  /** 0: not run. */
  runs: number;
  /** Why a measure does not run: which flag, or its default. */
  notRun?: string;
}

export interface PlanFlags {
  /** `--runs N` for every chosen measure, `--runs <id>=N` for one; repeatable. */
  runs?: string[];
  /** `--only <id>[,<id>…]`; repeatable. */
  only?: string[];
  /** `--skip <id>[,<id>…]`; repeatable. */
  skip?: string[];
}

/**
 * How many runs each measure gets: its own `--runs <id>=N`, else `--runs N`, else its default.
 * A measure off by default runs only when named (`--only <id>`: once, or `--runs N`; `--runs <id>=N`).
 * A measure skipped, not chosen or given 0 runs is planned with 0 runs: it is left out, not failed;
 * one that can tell nothing more from more runs (a deterministic size) gets at most its maxRuns.
 */
export function planRuns(measures: readonly Measure[], flags: PlanFlags): Planned[] {
  const ids = measures.map((m) => m.id);
  const known = (id: string, flag: string) => {
    if (!ids.includes(id)) throw new UsageError(`${flag}: no measure "${id}"; the measures: ${ids.join(", ")}`);
    return id;
  };
  const list = (values: string[] | undefined, flag: string) =>
    (values ?? [])
      .flatMap((v) => v.split(","))
      .filter(Boolean)
      .map((id) => known(id.trim(), flag));
  const count = (text: string, flag: string) => {
    if (!/^\d+$/.test(text)) throw new UsageError(`${flag}: "${text}" is not a whole number of runs (0 skips)`);
    return Number(text);
  };
  let everyRuns: number | undefined;
  const ownRuns = new Map<string, number>();
  for (const value of flags.runs ?? []) {
    const [id, n] = value.includes("=") ? value.split("=", 2) : [undefined, value];
    if (id === undefined) everyRuns = count(n!, "--runs");
    else ownRuns.set(known(id, "--runs"), count(n!, `--runs ${id}=`));
  }
  const only = list(flags.only, "--only");
  const skip = new Set(list(flags.skip, "--skip"));
  return measures.map((measure) => {
    if (only.length && !only.includes(measure.id)) return { measure, runs: 0, notRun: "not chosen by --only" };
    if (skip.has(measure.id)) return { measure, runs: 0, notRun: "--skip" };
    const own = ownRuns.get(measure.id);
    const named = only.includes(measure.id);
    // A measure off by default (the longest) runs only when named: `--runs N` scales the others.
    const runs =
      own ?? (measure.defaultRuns === 0 && !named ? 0 : (everyRuns ?? Math.max(named ? 1 : 0, measure.defaultRuns)));
    if (runs > 0) return { measure, runs: Math.min(runs, measure.maxRuns ?? runs) };
    const notRun = own === 0 || everyRuns === 0 ? "0 runs asked" : `off by default; \`--only ${measure.id}\` runs it`;
    return { measure, runs, notRun };
  });
}
