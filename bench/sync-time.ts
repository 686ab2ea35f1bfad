/**
 * Wall time of `npm run sync` on the newest published pair (the facts of upstash/docs' two files,
 * tests/fixtures/published/history), in a temp copy of the project, median of several runs:
 *
 * - nothing changed: the daily scheduled run when upstream did not move (the spec already holds
 *   these facts, so nothing is replaced and no suite runs);
 * - something to replace, suite skipped: generated/ is made stale first, so the sync builds,
 *   judges the claims on two mocks, replaces spec/ and generated/ and commits;
 * - something to replace, with the suite: the same plus the whole vitest run it does after the swap.
 *
 * Runs node with tsx as a loader, not through npm, so that npm's start-up does not blur the
 * figure. A benchmark, not a test: it asserts nothing and fails only when a sync fails.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { median } from "./stats.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const HISTORY = join(ROOT, "tests/fixtures/published/history");
const LEFT_OUT = new Set(["node_modules", ".git", "reports", "dist", ".scratch", ".qstash-transaction"]);

export interface SyncTime {
  runs: number[];
  medianMs: number;
}

export interface SyncTimes {
  unchanged: SyncTime;
  replacedWithoutSuite: SyncTime;
  replacedWithSuite: SyncTime | null;
}

export function benchSyncTime(runs = 5, suiteRuns = 3): SyncTimes {
  const newest = JSON.parse(readFileSync(join(HISTORY, "index.json"), "utf8")).states.at(-1);
  const pair = [join(HISTORY, newest.qstash), join(HISTORY, newest.workflow)];
  return {
    unchanged: timed(runs, pair, ["--skip-tests"], false),
    replacedWithoutSuite: timed(runs, pair, ["--skip-tests"], true),
    replacedWithSuite: suiteRuns > 0 ? timed(suiteRuns, pair, [], true) : null,
  };
}

function timed(runs: number, pair: string[], flags: string[], stale: boolean): SyncTime {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const copy = projectCopy();
    try {
      // A stale generated file: the sync must rebuild, replace and (unless skipped) run the suite.
      if (stale) appendFileSync(join(copy, "generated/operations.ts"), "// stale\n");
      const started = performance.now();
      const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/sync.ts", ...pair, ...flags], {
        cwd: copy,
        encoding: "utf8",
      });
      if (result.status !== 0)
        throw new Error(`sync run ${i + 1} exited with ${result.status}:\n${result.stderr.slice(-2000)}`);
      times.push(performance.now() - started);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }
  return { runs: times, medianMs: median(times) };
}

function projectCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), "qstash-bench-sync-"));
  cpSync(ROOT, copy, { recursive: true, filter: (source) => !LEFT_OUT.has(source.slice(ROOT.length).split("/")[0]) });
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"));
  return copy;
}

export function syncTimeRows(times: SyncTimes): string[] {
  const row = (name: string, t: SyncTime) =>
    `| ${name} | ${(t.medianMs / 1000).toFixed(2)} s | ${t.runs.map((ms) => (ms / 1000).toFixed(2)).join(", ")} |`;
  return [
    "| newest published pair | median | runs (s) |",
    "|---|---:|---|",
    row("nothing changed (no replacement, no suite)", times.unchanged),
    row("generated/ stale: claims on two mocks, replace, suite skipped", times.replacedWithoutSuite),
    ...(times.replacedWithSuite
      ? [row("generated/ stale: the same, with the whole vitest run", times.replacedWithSuite)]
      : []),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const times = benchSyncTime(Number(process.argv[2] ?? 5), Number(process.argv[3] ?? 3));
  process.stdout.write(`${syncTimeRows(times).join("\n")}\n`);
}
