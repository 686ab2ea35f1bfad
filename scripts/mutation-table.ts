/**
 * The per-file table of a Stryker run (`npm run mutate`, or `npx stryker run --mutate <file>`), read
 * from its JSON report. Score as Stryker counts it: (killed + timeout) / valid mutants, where valid
 * means killed, timeout, survived or no coverage (compile and runtime errors and disabled mutants
 * are not counted). `--survivors` lists the mutants no test noticed, by file and line.
 */
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { runCommand } from "./lib/cli.ts";

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}
export interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

const COLUMNS = ["file", "mutants", "killed", "timeout", "survived", "no coverage", "ignored", "score %"];
const UNNOTICED = new Set(["Survived", "NoCoverage"]);

/** One row per file, then the total, as aligned text. */
export function mutationTable(report: Report): string {
  const rows: string[][] = [];
  const total = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0 };
  const row = (name: string, n: typeof total) => {
    const valid = n.killed + n.timeout + n.survived + n.noCoverage;
    const score = valid ? (((n.killed + n.timeout) / valid) * 100).toFixed(2) : "n/a";
    return [name, valid, n.killed, n.timeout, n.survived, n.noCoverage, n.ignored, score].map(String);
  };
  for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const count = (status: string) => mutants.filter((m) => m.status === status).length;
    const n = {
      killed: count("Killed"),
      timeout: count("Timeout"),
      survived: count("Survived"),
      noCoverage: count("NoCoverage"),
      ignored: count("Ignored"),
    };
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += n[key];
    rows.push(row(file, n));
  }
  rows.push(row("all files", total));
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(COLUMNS), ...rows.map(line)].join("\n");
}

/** The mutants that survived or ran under no test: `file:line:column Mutator: replacement`. */
export function survivors(report: Report): string {
  const lines: string[] = [];
  for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    for (const m of mutants.filter((m) => UNNOTICED.has(m.status))) {
      const { line, column } = m.location.start;
      const replacement = (m.replacement ?? "").replace(/\s+/g, " ").slice(0, 100);
      lines.push(`${file}:${line}:${column} ${m.status} ${m.mutatorName}: ${replacement}`);
    }
  }
  return lines.join("\n");
}

const COMMAND = {
  usage: "usage: tsx scripts/mutation-table.ts [report.json …] [--survivors]",
  help: `Prints the per-file mutation table of Stryker JSON reports (default reports/mutation/mutation.json).
Several reports (runs with --mutate on different files) are read as one; a file in a later report wins.
--survivors: also list every survived or uncovered mutant with its place and replacement.`,
  options: { survivors: { type: "boolean" as const } },
  positionals: { min: 0, max: 100 },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runCommand(COMMAND, async ({ values, positionals }) => {
    const paths = positionals.length ? positionals : ["reports/mutation/mutation.json"];
    const reports = await Promise.all(paths.map(async (path) => JSON.parse(await readFile(path, "utf8")) as Report));
    const report: Report = { files: Object.assign({}, ...reports.map((r) => r.files)) };
    process.stdout.write(`${mutationTable(report)}\n`);
    if (values.survivors) process.stdout.write(`\n${survivors(report)}\n`);
  });
}
