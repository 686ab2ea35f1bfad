/**
 * `npm run verify`: regenerate from spec/, start a Prism mock of the result, run every suite
 * (documentation claims, …) against it, write reports/ and print the summary. Exits 1 when any
 * observed verdict differs from the one the catalog expects.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { buildGenerated, GENERATED_DIR } from "./spec/build.ts";
import { writeFilesAtomically } from "./lib/write-atomic.ts";
import { progress } from "./lib/progress.ts";
import { runCommand, UsageError } from "./lib/cli.ts";
import { MOCKED_SPEC, startPrism } from "./contract/prism.ts";
import { SUITES } from "./contract/suites.ts";
import type { SuiteOutcome } from "./contract/suite.ts";
import { writeReports } from "./report/write-reports.ts";
import { runLive } from "./live/run-live.ts";
import { recoverBeforeRun } from "./lib/transaction.ts";

/** The mock checks no token's value; this one only has to be present and recognisable. */
const MOCK_TOKEN = "mock-token";

const COMMAND = {
  usage: "usage: npm run verify -- [--live [--allow-writes]]",
  help: `Regenerates generated/ from spec/, starts a Prism mock of it, runs every suite (${Object.keys(SUITES).join(", ")}),
writes reports/conformance.{json,md,junit.xml} and prints the summary. Exit 1 when an observed verdict
differs from the expected one.
  --live          run the suites through prism proxy against QSTASH_URL with QSTASH_TOKEN (read-only)
  --allow-writes  with --live: also send the calls that change state`,
  options: { live: { type: "boolean" as const, default: false }, "allow-writes": { type: "boolean" as const, default: false } },
};

await runCommand(COMMAND, async ({ values }) => {
  recoverBeforeRun(process.cwd());
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const suiteNames = Object.keys(SUITES);
  // --live: the same suites through `prism proxy` against QSTASH_URL (read-only unless --allow-writes).
  const live = values.live === true;
  const allowWrites = values["allow-writes"] === true;
  if (allowWrites && !live) throw new UsageError("--allow-writes only makes sense with --live");
  const step = progress(live ? 3 : 4 + suiteNames.length);
  const build = await buildGenerated();
  await step("generate generated/ from spec/", () => writeFilesAtomically(GENERATED_DIR, build.files));
  const outcomes: SuiteOutcome[] = [];
  if (live) {
    const result = await step("run the suites through prism proxy against QSTASH_URL", () => runLive({ suites: SUITES, allowWrites }));
    outcomes.push(...result.suites, result.live);
  } else {
    const prism = await step("start Prism mock", () => startPrism());
    try {
      const description = JSON.parse(readFileSync(MOCKED_SPEC, "utf8"));
      for (const name of suiteNames) {
        const outcome = await step(`run ${name} suite`, () => SUITES[name]({ baseUrl: prism.url, token: MOCK_TOKEN, mode: "mock", description }));
        outcomes.push(outcome);
      }
    } finally {
      await step("stop Prism", () => prism.stop());
    }
  }
  const durationMs = performance.now() - started;
  const written = await step("write reports", () =>
    writeReports(outcomes, { mode: live ? "live" : "mock", target: live ? `prism proxy of ${(outcomes.at(-1)?.data as { upstream?: string })?.upstream}` : "Prism mock of generated/qstash.openapi.json", specVersion: build.description.info?.version ?? "?", startedAt, durationMs }),
  );
  for (const outcome of outcomes) process.stdout.write(`\n${outcome.suite}\n${outcome.summary}\n`);
  const unexpected = outcomes.flatMap((o) => o.cases.filter((c) => !c.ok).map((c) => `${o.suite}: ${c.id} observed ${c.verdict ?? "failure"}, expected ${c.expected ?? "success"}`));
  process.stdout.write(`\nreports: ${written.join(", ")} (${(durationMs / 1000).toFixed(1)} s)\n`);
  if (unexpected.length) {
    process.stdout.write(`\n${unexpected.length} unexpected result(s) — a page or the spec has moved:\n  ${unexpected.join("\n  ")}\n`);
    return 1;
  }
  return 0;
});
