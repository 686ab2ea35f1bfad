/**
 * `npm run verify`: regenerate from spec/, start a Prism mock of the result, run every suite
 * (documentation claims, …) against it, write reports/ and print the summary. Exits 1 when any
 * observed verdict differs from the one the catalog expects. With --live, exits 2 when the
 * preflight finds the server unusable (unreachable, token refused, wrong base URL).
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { buildGenerated, inGeneratedDir, type OpenApiDocument } from "./spec/build.ts";
import { progress } from "./lib/progress.ts";
import { runCommand, UsageError } from "./lib/cli.ts";
import { MOCKED_SPEC, startPrism } from "./contract/prism.ts";
import { SUITES } from "./contract/suites.ts";
import type { SuiteOutcome } from "./contract/suite.ts";
import { writeReports } from "./report/write-reports.ts";
import { runLive } from "./live/run-live.ts";
import { judgeDocsCatalog } from "./contract/docs/verify-docs.ts";
import { liveTarget, preflight, PreflightError, type LiveTarget } from "./live/preflight.ts";
import { recoverBeforeRun, replaceTogether } from "./lib/transaction.ts";
import { exitCleanlyOnSignals } from "./lib/interrupts.ts";

/** The mock checks no token's value; this one only has to be present and recognisable. */
const MOCK_TOKEN = "mock-token";

const COMMAND = {
  usage: "usage: npm run verify -- [--live [--allow-writes]] [--docs <catalog dir> [--accept]]",
  help: `Regenerates generated/ from spec/, starts a Prism mock of it, runs every suite (${Object.keys(SUITES).join(", ")}),
writes reports/conformance.{json,md,junit.xml} and prints the summary. Exit 1 when an observed verdict
differs from the expected one.
  --live          run the suites through prism proxy against QSTASH_URL with QSTASH_TOKEN (read-only);
                  exit 2 when QSTASH_URL cannot be reached, refuses the token or is not the API
  --allow-writes  with --live: also send the calls that change state, and delete what they created
  --docs <dir>    judge only the mined catalog in <dir> (written by npm run mine), one row per page
  --accept        with --docs: record the observed verdicts as the expected ones (<dir>/accepted.yaml)`,
  options: {
    live: { type: "boolean" as const, default: false },
    "allow-writes": { type: "boolean" as const, default: false },
    docs: { type: "string" as const },
    accept: { type: "boolean" as const, default: false },
  },
};

await runCommand(COMMAND, async ({ values }) => {
  exitCleanlyOnSignals();
  // verify reads spec/ and writes generated/ only when it is stale: a run at work here (a sync whose
  // contract suite calls verify) is left alone, and one that died is recovered first.
  recoverBeforeRun(process.cwd(), { readOnly: true });
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const suiteNames = Object.keys(SUITES);
  // --live: the same suites through `prism proxy` against QSTASH_URL (read-only unless --allow-writes).
  const live = values.live === true;
  const allowWrites = values["allow-writes"] === true;
  if (allowWrites && !live) throw new UsageError("--allow-writes only makes sense with --live");
  if (values.accept && !values.docs) throw new UsageError("--accept only makes sense with --docs <catalog dir>");
  if (values.docs !== undefined) {
    if (live) throw new UsageError("--docs judges on the mock; it does not combine with --live");
    return judgeDocsCatalog(values.docs as string, values.accept === true);
  }
  const step = progress(live ? 4 : 4 + suiteNames.length);
  const build = await buildGenerated();
  // --live: a server that cannot be used ends the run in one line, exit 2, before anything is written.
  const target = live ? await livePreflight(step, build.description) : undefined;
  if (live && !target) return 2;
  await step("generate generated/ from spec/", () => replaceTogether(process.cwd(), inGeneratedDir(build.files)));
  const outcomes: SuiteOutcome[] = [];
  const suiteWallMs: Record<string, number> = {};
  if (target) {
    const label = `run the suites through prism proxy against QSTASH_URL${allowWrites ? " (writes allowed)" : ""}`;
    const result = await step(label, () => runLive({ suites: SUITES, allowWrites, ...target, preflight: false }));
    outcomes.push(...result.suites, result.live);
  } else {
    const prism = await step("start Prism mock", () => startPrism());
    try {
      const description = JSON.parse(readFileSync(MOCKED_SPEC, "utf8"));
      for (const name of suiteNames) {
        const context = { baseUrl: prism.url, token: MOCK_TOKEN, mode: "mock" as const, description };
        const suiteStarted = performance.now();
        const outcome = await step(`run ${name} suite`, (progress) => SUITES[name]({ ...context, progress }));
        suiteWallMs[outcome.suite] = performance.now() - suiteStarted;
        outcomes.push(outcome);
      }
    } finally {
      await step("stop Prism", () => prism.stop());
    }
  }
  const durationMs = performance.now() - started;
  const written = await step("write reports", () =>
    writeReports(outcomes, {
      mode: live ? "live" : "mock",
      target: live
        ? `prism proxy of ${(outcomes.at(-1)?.data as { upstream?: string })?.upstream}`
        : "Prism mock of generated/qstash.openapi.json",
      specVersion: build.description.info?.version ?? "?",
      startedAt,
      durationMs,
      suiteWallMs,
    }),
  );
  for (const outcome of outcomes) process.stdout.write(`\n${outcome.suite}\n${outcome.summary}\n`);
  const unexpected = outcomes.flatMap((o) =>
    o.cases
      .filter((c) => !c.ok)
      .map((c) => `${o.suite}: ${c.id} observed ${c.verdict ?? "failure"}, expected ${c.expected ?? "success"}`),
  );
  process.stdout.write(`\nreports: ${written.join(", ")} (${(durationMs / 1000).toFixed(1)} s)\n`);
  if (unexpected.length) {
    const meaning = live
      ? "the server differs from the spec, or a page or the spec has moved"
      : "a page or the spec has moved";
    process.stdout.write(`\n${unexpected.length} unexpected result(s) — ${meaning}:\n  ${unexpected.join("\n  ")}\n`);
    return 1;
  }
  return 0;
});

/** QSTASH_URL and QSTASH_TOKEN, and one read on the server; undefined (the reason printed) when the run cannot go on. */
async function livePreflight(
  step: ReturnType<typeof progress>,
  description: OpenApiDocument,
): Promise<LiveTarget | undefined> {
  try {
    const target = liveTarget();
    await step("preflight: one read on QSTASH_URL with QSTASH_TOKEN", () => preflight(target, description));
    return target;
  } catch (error) {
    if (!(error instanceof PreflightError)) throw error;
    process.stderr.write(`error: live preflight: ${error.message}\n`);
    return undefined;
  }
}
