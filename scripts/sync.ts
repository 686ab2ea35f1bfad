/**
 * `npm run sync -- <qstash description> [<workflow description>] [--skip-tests] [--skip-claims] [--reports dir]`
 *
 * Takes the published QStash and Workflow descriptions, by path or https address, and makes
 * them our spec: validates them, merges the two by the rules of scripts/sync/merge-sources.ts,
 * strips the vendor's prose, carries over our words, operationIds and annotations, applies
 * spec/corrections.overlay.yaml, lints, regenerates generated/, runs the contract suite, and
 * writes reports/changes.md and changes.json (what changed for callers, every merge decision,
 * which documented claims changed verdict). One file alone (`workflow=<file>` names which)
 * replaces only that file's operations. All or nothing, also when interrupted: on any failure or
 * signal spec/ and generated/ are left exactly as they were. Exit 0 when the sync was applied or
 * nothing changed, 1 otherwise, 2 on a usage mistake, 130/143 when interrupted.
 */
import { claimsSuite } from "./contract/claims/suite.ts";
import { exitCleanlyOnSignals } from "./lib/interrupts.ts";
import { recoverBeforeRun } from "./lib/transaction.ts";
import { progress } from "./lib/progress.ts";
import { runCommand } from "./lib/cli.ts";
import { runSync, SYNC_STEPS } from "./sync/run-sync.ts";

const COMMAND = {
  usage:
    "usage: npm run sync -- <qstash description> [<workflow description>] [--skip-tests] [--skip-claims] [--reports <dir>]",
  help: `Makes the published descriptions (paths or https addresses) our spec: merges the two files, strips the
vendor's prose, keeps our words and annotations, applies spec/corrections.overlay.yaml, lints, regenerates
generated/, runs the tests and writes <dir>/changes.md and changes.json. One file alone replaces only that
file's operations (name it: qstash=<file> or workflow=<file>). All or nothing, also on Ctrl-C.
Exit 0 applied or nothing changed, 1 not applied, 2 bad usage, 130/143 interrupted.
  --skip-tests    do not run the test suite after the swap
  --skip-claims   do not judge the claims against mocks of the old and the new description
  --reports <dir> where the change report goes (default reports/)`,
  options: {
    "skip-tests": { type: "boolean" as const, default: false },
    "skip-claims": { type: "boolean" as const, default: false },
    reports: { type: "string" as const },
  },
  positionals: { min: 1, max: 2 },
};

await runCommand(COMMAND, async ({ values, positionals }) => {
  exitCleanlyOnSignals();
  recoverBeforeRun(process.cwd());
  const result = await runSync({
    sources: positionals,
    reportsDir: values.reports as string | undefined,
    runTests: values["skip-tests"] ? null : undefined,
    claimsSuite: values["skip-claims"] ? null : claimsSuite,
    step: progress(SYNC_STEPS),
  });
  process.stdout.write(result.markdown);
  const { summary } = result.report;
  const outcome = !result.changed
    ? "nothing changed"
    : result.applied
      ? "applied"
      : "NOT applied (contract suite failed)";
  const decided = result.decisions.length;
  process.stderr.write(
    `${summary.changes} change(s) for callers, ${summary.breaking} breaking; ${decided} merge decision(s); ${result.drift.length} claim verdict(s) moved; ${outcome}\n`,
  );
  return !result.changed || result.applied ? 0 : 1;
});
