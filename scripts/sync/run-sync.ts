import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import type { Suite } from "../contract/suite.ts";
import type { ChangeReport } from "../diff/change.ts";
import { compareDescriptions } from "../diff/compare-descriptions.ts";
import { loadDescription, type LoadedDescription } from "../diff/load-description.ts";
import { METHODS } from "../diff/operations.ts";
import { writeChangeReport } from "../diff/write-report.ts";
import { claimsDrift, renderDrift, type Drift } from "../drift/claims-drift.ts";
import { runSuiteOnMock } from "../drift/run-on-mock.ts";
import { writeFilesAtomically } from "../lib/write-atomic.ts";
import { buildGenerated, GENERATED_DIR, OVERLAY_FILE, SPEC_FILE } from "../spec/build.ts";
import { loadYaml } from "../spec/load-yaml.ts";
import { SpecError } from "../spec/spec-error.ts";
import { carryOver } from "./carry-over.ts";
import { mergeSources } from "./merge-sources.ts";
import { stripProse } from "./strip-prose.ts";

export type Step = <T>(name: string, work: () => Promise<T> | T) => Promise<T>;

export interface TestRun {
  ok: boolean;
  /** The last lines of the runner's output, for the report when it fails. */
  tail: string;
}

export interface SyncOptions {
  /** Paths or http(s) addresses of the published descriptions (QStash, then Workflow). */
  sources: string[];
  /** The project root: spec/, generated/ and reports/ are read and written below it. */
  root?: string;
  reportsDir?: string;
  /** The contract suite; null skips it. Default: `npx vitest run` in the root. */
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
  tests: TestRun | null;
  /** Did spec/ and generated/ end up holding the new description? */
  applied: boolean;
}

export const SYNC_STEPS = 12;
const plainStep: Step = async (_name, work) => work();

/**
 * The whole sync, all or nothing: every check runs on staged copies, and spec/ and generated/
 * are replaced together only when all pass; if the contract suite then fails they are put back
 * byte for byte. The change report (with the claims drift) is written either way once the new
 * description has been built.
 */
export async function runSync(options: SyncOptions): Promise<SyncResult> {
  const { sources, root = process.cwd(), reportsDir = join(root, "reports"), step = plainStep } = options;
  if (sources.length === 0) throw new SpecError("sync", "", "needs at least one published description", "pass a path or an https address");
  const specFile = join(root, SPEC_FILE);
  const overlayFile = join(root, OVERLAY_FILE);
  const generatedDir = join(root, GENERATED_DIR);

  const loaded = await step(`load ${sources.join(", ")}`, () => Promise.all(sources.map((source) => loadDescription(source, options.fetchImpl))));
  const { text, invented } = await step("strip vendor prose, carry over our words and annotations", () => normalize(loaded, specFile));

  const stage = mkdtempSync(join(tmpdir(), "qstash-sync-"));
  try {
    const stagedSpec = join(stage, "qstash.openapi.yaml");
    writeFileSync(stagedSpec, text);
    const build = await buildStaged(stagedSpec, overlayFile, sources, step);
    const currentJson = join(generatedDir, "qstash.openapi.json");
    const report = await step("compare with the current description", () => {
      const current = JSON.parse(readFileSync(currentJson, "utf8"));
      return compareDescriptions(current, build.description, { old: `${GENERATED_DIR}/qstash.openapi.json (before sync)`, new: sources.join(" + ") });
    });
    const stagedJson = join(stage, "qstash.openapi.json");
    writeFileSync(stagedJson, build.files["qstash.openapi.json"]);
    const { drift, note } = await step("run the claims against mocks of the old and the new description", () => driftBetween(options.claimsSuite, currentJson, stagedJson));

    const files = { [SPEC_FILE]: text, ...Object.fromEntries(Object.entries(build.files).map(([name, content]) => [`${GENERATED_DIR}/${name}`, content])) };
    const backup = Object.fromEntries(Object.keys(files).filter((name) => existsSync(join(root, name))).map((name) => [name, readFileSync(join(root, name), "utf8")]));
    await step("replace spec/ and generated/ together", () => writeFilesAtomically(root, files));
    let applied = true;
    const runner = options.runTests === undefined ? () => vitestIn(root) : options.runTests;
    const tests = await step(runner ? "run the contract suite" : "contract suite skipped", async () => (runner ? runner() : null));
    if (tests && !tests.ok) {
      // Put back exactly what was there, and drop files this sync created.
      writeFilesAtomically(root, backup);
      for (const name of Object.keys(files)) if (!(name in backup)) rmSync(join(root, name), { force: true });
      applied = false;
    }
    const markdown = await step(`write ${reportsDir}/changes.md and changes.json`, () =>
      writeChangeReport(report, reportsDir, [renderDrift(drift, note), notes(invented, tests, applied)].join("\n"), { drift, invented, tests, applied }),
    );
    return { report, drift, markdown, invented, tests, applied };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** The published descriptions folded into one, their prose gone, our words and annotations back. */
function normalize(loaded: LoadedDescription[], specFile: string): { text: string; invented: string[] } {
  const summaries = new Map<string, string>();
  for (const { document } of loaded) {
    for (const [path, item] of Object.entries<any>(document.paths ?? {})) for (const method of METHODS) if (item?.[method]?.summary) summaries.set(`${method} ${path}`, item[method].summary);
  }
  const incoming = stripProse(mergeSources(loaded));
  const ours = loadYaml(specFile).value as Record<string, any>;
  const invented = carryOver(incoming, ours, summaries);
  const ordered = orderKeys(incoming, ["openapi", "info", "servers", "security", "tags", "paths", "components"]);
  const header = readFileSync(specFile, "utf8").match(/^(#.*\n)+/)?.[0] ?? "";
  return { text: `${header}${stringify(ordered, { lineWidth: 0, aliasDuplicateObjects: false })}`, invented };
}

async function buildStaged(stagedSpec: string, overlayFile: string, sources: string[], step: Step) {
  try {
    const build = await buildGenerated({ spec: stagedSpec, overlay: overlayFile, step });
    // The banner names the file it was built from: the one we are about to put in place.
    const files = Object.fromEntries(Object.entries(build.files).map(([name, content]) => [name, content.split(stagedSpec).join(SPEC_FILE).split(overlayFile).join(OVERLAY_FILE)]));
    return { ...build, files };
  } catch (error) {
    if (error instanceof SpecError && error.file.endsWith("qstash.openapi.yaml") && error.file !== SPEC_FILE) {
      throw new SpecError(`${sources.join(" + ")} (after removing prose and applying our words)`, error.where, error.problem, error.fix);
    }
    throw error;
  }
}

async function driftBetween(suite: Suite | null | undefined, before: string, after: string): Promise<{ drift: Drift[]; note?: string }> {
  if (!suite) return { drift: [], note: "The claims suite was not run (skipped)." };
  try {
    const [old, next] = [await runSuiteOnMock(suite, before), await runSuiteOnMock(suite, after)];
    return { drift: claimsDrift(old, next), note: `${next.length} claim(s) checked against Prism mocks of the description before and after.` };
  } catch (error) {
    return { drift: [], note: `The claims could not be run: ${(error as Error).message.split("\n")[0]}` };
  }
}

function notes(invented: string[], tests: TestRun | null, applied: boolean): string {
  const lines = ["## Sync", ""];
  if (invented.length) lines.push(`New to our spec (operationId from the published summary; describe them in our words): ${invented.map((op) => `\`${op}\``).join(", ")}.`, "");
  if (tests === null) lines.push("Contract suite: not run.");
  else if (tests.ok) lines.push("Contract suite: passed.");
  else lines.push("Contract suite: **failed**, so spec/ and generated/ were put back as they were.", "", "```", tests.tail, "```");
  lines.push("", applied ? "spec/ and generated/ now hold the synced description." : "spec/ and generated/ are unchanged.", "");
  return lines.join("\n");
}

function orderKeys(document: Record<string, any>, first: string[]): Record<string, any> {
  const out: Record<string, any> = {};
  for (const key of first) if (key in document) out[key] = document[key];
  for (const [key, value] of Object.entries(document)) if (!(key in out)) out[key] = value;
  return out;
}

/** `vitest run` in the project root, its bin run by node itself (no npx wrapper to outlive a kill); the exit code decides. */
function vitestIn(root: string): Promise<TestRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, "node_modules", "vitest", "vitest.mjs"), "run"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("close", (code) => resolve({ ok: code === 0, tail: output.split("\n").slice(-30).join("\n") }));
  });
}
