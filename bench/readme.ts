/**
 * `npm run bench:readme`: renders the README's results table from bench/results.json (after a
 * merge of two results files, say); `--check` only says whether the README's table is that rendering.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "../scripts/lib/cli.ts";
import { MEASURES } from "./measures.ts";
import { renderTable, tableIn } from "./readme-table.ts";
import { RESULTS_FILE, ROOT, readResults } from "./results.ts";
import { saveResults } from "./run-measures.ts";

const COMMAND = {
  usage: "usage: npm run bench:readme -- [--check]",
  help: `Rewrites the README's results table (between its bench:results marker lines) from ${RESULTS_FILE}.
  --check   write nothing; exit 1 when the README's table is not what ${RESULTS_FILE} renders`,
  options: { check: { type: "boolean" as const, default: false } },
};

await runCommand(
  COMMAND,
  async ({ values }) => {
    if (values.check) {
      const readme = readFileSync(join(ROOT, "README.md"), "utf8");
      if (tableIn(readme) === renderTable(readResults(), MEASURES)) return 0;
      process.stderr.write(`README.md: its results table differs from ${RESULTS_FILE}; run npm run bench:readme\n`);
      return 1;
    }
    saveResults([], MEASURES);
    process.stderr.write(`README.md: results table rendered from ${RESULTS_FILE}\n`);
    return 0;
  },
  { specErrorCode: 2 },
);
