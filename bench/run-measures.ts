import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFilesAtomically } from "../scripts/lib/write-atomic.ts";
import { type LiveOptions, progress } from "../scripts/lib/progress.ts";
import type { Measure } from "./measure.ts";
import type { Planned } from "./plan.ts";
import { renderTable, withTable } from "./readme-table.ts";
import { type MeasureResult, mergeResults, RESULTS_FILE, readResults, resultsText, ROOT } from "./results.ts";
import { ownCpuSeconds, waitedChildrenCpuSeconds } from "./cpu.ts";
import { machineNow, oneMinuteLoad } from "./run-info.ts";

export interface RunInfo {
  command: string;
  commit: string | null;
}

interface MeasureRun {
  fresh: MeasureResult[];
  /** Measures that failed, with the first line of why; the others still ran. */
  failed: { measure: string; reason: string }[];
}

/**
 * Runs the planned measures one after the other, each a step with its progress (a line per run,
 * a live count on a terminal); a measure planned with 0 runs is named as skipped, a failing one is
 * named with its reason and the next one runs.
 */
export async function runMeasures(
  plan: Planned[],
  info: RunInfo,
  out: NodeJS.WritableStream = process.stderr,
  options: LiveOptions = {},
): Promise<MeasureRun> {
  const chosen = plan.filter((p) => p.runs > 0);
  const notRun = new Map<string, string[]>();
  for (const p of plan.filter((p) => p.runs === 0)) {
    const why = p.notRun ?? "0 runs";
    notRun.set(why, [...(notRun.get(why) ?? []), p.measure.id]);
  }
  for (const [why, ids] of notRun) out.write(`⏭ not run (${why}): ${ids.join(", ")}\n`);
  const step = progress(chosen.length, out, options);
  const result: MeasureRun = { fresh: [], failed: [] };
  for (const { measure, runs } of chosen) {
    const machine = machineNow();
    const cpuBefore = cpuSeconds();
    try {
      const measured = await step(`${measure.id} (${runs} ${measure.runNoun}${runs === 1 ? "" : "s"})`, (p) =>
        measure.run(runs, p),
      );
      result.fresh.push({
        measure: measure.id,
        ...measured,
        date: new Date().toISOString(),
        command: info.command,
        commit: info.commit,
        machine: { ...machine, loadAfter: oneMinuteLoad() },
        ...cpuSince(cpuBefore),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      out.write(`  ${measure.id} failed: ${reason.split("\n").join("\n    ")}\n`);
      result.failed.push({ measure: measure.id, reason: reason.split("\n")[0]! });
    }
  }
  return result;
}

/** This process's CPU and its waited children's, or null where /proc cannot tell the children's. */
function cpuSeconds(): number | null {
  const children = waitedChildrenCpuSeconds();
  return children === null ? null : ownCpuSeconds() + children;
}

function cpuSince(before: number | null): { cpuSeconds?: number } {
  const after = cpuSeconds();
  return before === null || after === null ? {} : { cpuSeconds: Math.round((after - before) * 100) / 100 };
}

/**
 * Puts fresh results into the results file (they replace the same measures' older ones) and,
 * when `readme` is set, the README's table rendered from the merged file: both files are written
 * whole or not at all.
 */
export function saveResults(
  fresh: MeasureResult[],
  measures: readonly Measure[],
  { root = ROOT, file = RESULTS_FILE, readme = true }: { root?: string; file?: string; readme?: boolean } = {},
): string[] {
  const merged = mergeResults(
    readResults(join(root, file), file),
    fresh,
    measures.map((m) => m.id),
  );
  const files: Record<string, string> = { [file]: resultsText(merged) };
  if (readme)
    files["README.md"] = withTable(readFileSync(join(root, "README.md"), "utf8"), renderTable(merged, measures));
  writeFilesAtomically(root, files);
  return Object.keys(files);
}
