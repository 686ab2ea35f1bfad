/**
 * `npm run sync -- <published description> [<another>…] [--skip-tests] [--skip-claims] [--reports dir]`
 *
 * Takes the published QStash (and Workflow) descriptions, by path or https address, and makes
 * them our spec: validates them, strips the vendor's prose, carries over our words, operationIds
 * and annotations, applies spec/corrections.overlay.yaml, lints, regenerates generated/, runs the
 * contract suite, and writes reports/changes.md and changes.json (what changed for callers, and
 * which documented claims changed verdict). All or nothing: on any failure spec/ and generated/
 * are left exactly as they were. Exit 0 when the sync was applied, 1 otherwise.
 */
import { parseArgs } from "node:util";
import { claimsSuite } from "./contract/claims/suite.ts";
import { progress } from "./lib/progress.ts";
import { runCli } from "./lib/run-cli.ts";
import { runSync, SYNC_STEPS } from "./sync/run-sync.ts";

await runCli(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { "skip-tests": { type: "boolean", default: false }, "skip-claims": { type: "boolean", default: false }, reports: { type: "string" } },
  });
  const result = await runSync({
    sources: positionals,
    reportsDir: values.reports,
    runTests: values["skip-tests"] ? null : undefined,
    claimsSuite: values["skip-claims"] ? null : claimsSuite,
    step: progress(SYNC_STEPS),
  });
  process.stdout.write(result.markdown);
  const { summary } = result.report;
  process.stderr.write(`${summary.changes} change(s) for callers, ${summary.breaking} breaking; ${result.drift.length} claim verdict(s) moved; ${result.applied ? "applied" : "NOT applied (contract suite failed)"}\n`);
  return result.applied ? 0 : 1;
});
