/**
 * `npm run sync -- <published description> [<another>…] [--skip-tests] [--skip-claims] [--reports dir]`
 *
 * Takes the published QStash (and Workflow) descriptions, by path or https address, and makes
 * them our spec: validates them, strips the vendor's prose, carries over our words, operationIds
 * and annotations, applies spec/corrections.overlay.yaml, lints, regenerates generated/, runs the
 * contract suite, and writes reports/changes.md and changes.json (what changed for callers, and
 * which documented claims changed verdict). All or nothing: on any failure spec/ and generated/
 * are left exactly as they were. Exit 0 when the sync was applied, 1 otherwise, 2 on a usage mistake.
 */
import { claimsSuite } from "./contract/claims/suite.ts";
import { progress } from "./lib/progress.ts";
import { runCommand } from "./lib/cli.ts";
import { runSync, SYNC_STEPS } from "./sync/run-sync.ts";

const COMMAND = {
  usage: "usage: npm run sync -- <qstash description> [<workflow description>] [--skip-tests] [--skip-claims] [--reports <dir>]",
  help: `Makes the published descriptions (paths or https addresses) our spec: strips the vendor's prose, keeps
our words and annotations, applies spec/corrections.overlay.yaml, lints, regenerates generated/, runs the
tests and writes <dir>/changes.md and changes.json. All or nothing. Exit 0 applied, 1 not applied.
  --skip-tests    do not run the test suite after the swap
  --skip-claims   do not judge the claims against mocks of the old and the new description
  --reports <dir> where the change report goes (default reports/)`,
  options: {
    "skip-tests": { type: "boolean" as const, default: false },
    "skip-claims": { type: "boolean" as const, default: false },
    reports: { type: "string" as const },
  },
  positionals: { min: 1, max: 8 },
};

await runCommand(COMMAND, async ({ values, positionals }) => {
  const result = await runSync({
    sources: positionals,
    reportsDir: values.reports as string | undefined,
    runTests: values["skip-tests"] ? null : undefined,
    claimsSuite: values["skip-claims"] ? null : claimsSuite,
    step: progress(SYNC_STEPS),
  });
  process.stdout.write(result.markdown);
  const { summary } = result.report;
  const outcome = result.applied ? "applied" : "NOT applied (contract suite failed)";
  process.stderr.write(`${summary.changes} change(s) for callers, ${summary.breaking} breaking; ${result.drift.length} claim verdict(s) moved; ${outcome}\n`);
  return result.applied ? 0 : 1;
});
