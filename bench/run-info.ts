import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { RESULTS_FILE, ROOT, type Machine } from "./results.ts";

/** Files the bench itself writes: a change to them does not make the measured tree differ from its commit. */
const WRITTEN_BY_BENCH = new Set([RESULTS_FILE, "README.md"]);

/** The machine as a measure starts: cores, Node, platform and how busy it is (loadAfter is filled in after). */
export function machineNow(): Machine {
  const load = oneMinuteLoad();
  return {
    cores: availableParallelism(),
    node: process.version,
    platform: process.platform,
    loadBefore: load,
    loadAfter: load,
  };
}

export function oneMinuteLoad(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

/** The commit measured (short hash), `+changes` when tracked files differ from it; null outside a git checkout. */
export function commitMeasured(root = ROOT): string | null {
  const git = (...args: string[]) => spawnSync("git", args, { cwd: root, encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD");
  if (head.status !== 0) return null;
  const changed = git("status", "--porcelain", "--untracked-files=no")
    .stdout.split("\n")
    .map((line) => line.slice(3))
    .filter((file) => file && !WRITTEN_BY_BENCH.has(file));
  return `${head.stdout.trim()}${changed.length ? "+changes" : ""}`;
}

/** The command line as a user would type it again. */
export function commandLine(argv: string[]): string {
  return argv.length ? `npm run bench -- ${argv.join(" ")}` : "npm run bench";
}
