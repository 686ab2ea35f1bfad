import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Suite } from "../contract/suite.ts";
import type { ChangeReport } from "../diff/change.ts";
import { compareDescriptions } from "../diff/compare-descriptions.ts";
import { writeChangeReport } from "../diff/write-report.ts";
import { claimsDrift, renderDrift, type Drift } from "../drift/claims-drift.ts";
import { runSuiteOnMock } from "../drift/run-on-mock.ts";
import { withHeartbeat } from "../lib/heartbeat.ts";
import { spawnGuarded } from "../lib/guarded-spawn.ts";
import { onInterrupt } from "../lib/interrupts.ts";
import { Transaction } from "../lib/transaction.ts";
import { buildGenerated, GENERATED_DIR, inGeneratedDir, OVERLAY_FILE, SPEC_FILE } from "../spec/build.ts";
import { displayPath, writtenYaml, type YamlSource } from "../spec/load-yaml.ts";
import { SpecError } from "../spec/spec-error.ts";
import { loadPublished } from "./load-published.ts";
import type { MergeDecision } from "./merge-sources.ts";
import { normalize } from "./normalize.ts";
import { renderSyncNotes } from "./sync-notes.ts";
import { sourceArguments } from "./sources.ts";

export type Step = <T>(name: string, work: () => Promise<T> | T) => Promise<T>;

export interface TestRun {
  ok: boolean;
  /** The last lines of the runner's output, for the report when it fails. */
  tail: string;
}

export interface SyncOptions {
  /** `<qstash> [<workflow>]` paths or http(s) addresses, or one file named `workflow=<file>`. */
  sources: string[];
  /** The project root: spec/, generated/ and reports/ are read and written below it. */
  root?: string;
  reportsDir?: string;
  /** The contract suite; null skips it. Default: `vitest run` in the root. */
  runTests?: (() => Promise<TestRun>) | null;
  /** The claims suite for the drift section; null skips it. */
  claimsSuite?: Suite | null;
  step?: Step;
  fetchImpl?: typeof fetch;
}

export interface SyncResult {
  report: ChangeReport;
  drift: Drift[];
  markdown: string;
  /** Operations that were new to us, for which sync made up an operationId and words. */
  invented: string[];
  /** Every choice the merge made (operations and components in both files, folds, left-out components). */
  decisions: MergeDecision[];
  tests: TestRun | null;
  /** Would the synced description change spec/ or generated/ at all? */
  changed: boolean;
  /** Did spec/ and generated/ end up holding the synced description? */
  applied: boolean;
}

export const SYNC_STEPS = 12;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const plainStep: Step = async (_name, work) => work();

/**
 * The whole sync, all or nothing, also when interrupted: every check runs on staged copies in
 * the root's transaction directory; spec/ and generated/ are replaced together through a journal
 * only when all pass and something changed; if the contract suite then fails, or the run is
 * stopped by a signal, they are put back byte for byte (a SIGKILL is rolled back by the next
 * command). The change report is written once the new description has been built.
 */
export async function runSync(options: SyncOptions): Promise<SyncResult> {
  const { root = process.cwd(), reportsDir = join(root, "reports"), step = plainStep } = options;
  const named = sourceArguments(options.sources);
  // Finishes what an interrupted run left here first (the CLI has said so already).
  const transaction = Transaction.begin(root);
  const forget = onInterrupt(() => transaction.rollback());
  try {
    const loaded = await step(`load ${named.map((s) => s.location).join(", ")}`, () =>
      Promise.all(named.map((source) => loadPublished(source, options.fetchImpl))),
    );
    const specFile = join(root, SPEC_FILE);
    const merged = await step("merge the files, strip vendor prose, carry over our words and annotations", () =>
      normalize(loaded, specFile),
    );
    // Named after the spec it will become; parsed again only if an error needs a position in it.
    const source = writtenYaml(join(transaction.workDir, "qstash.openapi.yaml"), merged.text, merged.value);
    const build = await buildStaged(
      source,
      join(root, OVERLAY_FILE),
      loaded.map((l) => l.label),
      step,
    );

    const generatedDir = join(root, GENERATED_DIR);
    const currentJson = join(generatedDir, "qstash.openapi.json");
    const inputs = loaded.map((l) => l.label).join(" + ");
    const report = await step("compare with the current description", () =>
      compareDescriptions(JSON.parse(readFileSync(currentJson, "utf8")), build.description, {
        old: `${GENERATED_DIR}/qstash.openapi.json (before sync)`,
        new: inputs,
      }),
    );
    const files: Record<string, string> = { [SPEC_FILE]: merged.text, ...inGeneratedDir(build.files) };
    const changed = Object.entries(files).some(
      ([path, content]) => !existsSync(join(root, path)) || readFileSync(join(root, path), "utf8") !== content,
    );

    const stagedJson = join(transaction.workDir, "qstash.openapi.json");
    writeFileSync(stagedJson, build.files["qstash.openapi.json"]);
    const { drift, note } = await step(
      changed ? "run the claims against mocks of the old and the new description" : "claims not run (nothing changed)",
      () =>
        changed
          ? driftBetween(options.claimsSuite, currentJson, stagedJson)
          : { drift: [], note: "Nothing changed, so no claim could move." },
    );

    await step(
      changed ? "replace spec/ and generated/ together" : "spec/ and generated/ left as they are (nothing changed)",
      () => changed && transaction.replace(files),
    );
    const runner = options.runTests === undefined ? () => vitestIn(root, transaction.workDir) : options.runTests;
    const tests = await step(changed && runner ? "run the contract suite" : "contract suite not run", async () =>
      changed && runner ? runner() : null,
    );
    const applied = changed && (tests === null || tests.ok);
    if (applied) transaction.commit();
    else transaction.rollback();

    const extra = renderSyncNotes({
      drift: renderDrift(drift, note),
      decisions: merged.decisions,
      invented: merged.invented,
      tests,
      changed,
      applied,
    });
    const markdown = await step(`write ${displayPath(reportsDir)}/changes.md and changes.json`, () =>
      writeChangeReport(report, reportsDir, extra, {
        decisions: merged.decisions,
        drift,
        invented: merged.invented,
        tests,
        changed,
        applied,
      }),
    );
    return {
      report,
      drift,
      markdown,
      invented: merged.invented,
      decisions: merged.decisions,
      tests,
      changed,
      applied,
    };
  } finally {
    forget();
    transaction.rollback();
  }
}

async function buildStaged(source: YamlSource, overlayFile: string, labels: string[], step: Step) {
  const stagedSpec = source.file;
  try {
    const build = await buildGenerated({ spec: stagedSpec, source, overlay: overlayFile, step });
    // The banner names the file it was built from: the one we are about to put in place.
    const files = Object.fromEntries(
      Object.entries(build.files).map(([name, content]) => [
        name,
        content.split(stagedSpec).join(SPEC_FILE).split(overlayFile).join(OVERLAY_FILE),
      ]),
    );
    return { ...build, files };
  } catch (error) {
    if (error instanceof SpecError && error.file.endsWith("qstash.openapi.yaml") && error.file !== SPEC_FILE) {
      throw new SpecError(
        `${labels.join(" + ")} (after removing prose and applying our words)`,
        error.where,
        error.problem,
        error.fix,
      );
    }
    throw error;
  }
}

async function driftBetween(
  suite: Suite | null | undefined,
  before: string,
  after: string,
): Promise<{ drift: Drift[]; note?: string }> {
  if (!suite) return { drift: [], note: "The claims suite was not run (skipped)." };
  let phase = "starting a Prism mock of the description before the sync";
  try {
    const [old, next] = await withHeartbeat(
      "claims against mocks",
      async () => {
        const old = await runSuiteOnMock(suite, before);
        phase = `${old.length} claim(s) judged on the old description; now the new one`;
        return [old, await runSuiteOnMock(suite, after)];
      },
      { status: () => phase },
    );
    return {
      drift: claimsDrift(old, next),
      note: `${next.length} claim(s) checked against Prism mocks of the description before and after.`,
    };
  } catch (error) {
    return { drift: [], note: `The claims could not be run: ${(error as Error).message.split("\n")[0]}` };
  }
}

/**
 * `vitest run` in the project root, its bin run by node itself under a guard (its whole process
 * group ends with this run, however this run ends), its temp folder inside the transaction's
 * scratch space; a heartbeat says how far it got.
 */
async function vitestIn(root: string, workDir: string): Promise<TestRun> {
  // Its temp folder lies in the transaction's scratch space: whatever a killed run leaves there goes with it.
  const tmp = join(workDir, "tmp");
  mkdirSync(tmp, { recursive: true });
  const run = spawnGuarded(process.execPath, [join(root, "node_modules", "vitest", "vitest.mjs"), "run"], {
    cwd: root,
    env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp },
  });
  const progress = { files: 0, tests: 0, pending: "", lines: [] as string[], failed: new Set<string>() };
  const keep = (chunk: Buffer) => {
    const lines = (progress.pending + chunk.toString().replace(ANSI, "")).split("\n");
    progress.pending = lines.pop() ?? "";
    for (const line of lines) {
      const done = /^\s*[✓❯×]\s+\S+\.test(?:-d)?\.ts\s+\((\d+) tests?/.exec(line);
      if (done) [progress.files, progress.tests] = [progress.files + 1, progress.tests + Number(done[1])];
      if (/^\s*FAIL\s/.test(line)) progress.failed.add(line.trim());
      progress.lines = [...progress.lines.slice(-11), line];
    }
  };
  run.child.stdout!.on("data", keep);
  run.child.stderr!.on("data", keep);
  try {
    const code = await withHeartbeat("contract suite", () => run.exited, {
      status: () => `${progress.files} test file(s), ${progress.tests} test(s) done`,
    });
    // Which tests failed, then how the run ended.
    const tail = [
      ...[...progress.failed].slice(0, 40),
      ...(progress.failed.size ? ["…"] : []),
      ...progress.lines,
      progress.pending,
    ];
    return { ok: code === 0, tail: tail.join("\n").trim() };
  } finally {
    await run.stop();
  }
}
