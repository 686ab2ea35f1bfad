/**
 * A real `tsx scripts/sync.ts` on a temp copy of the project, stopped at different steps: by
 * SIGINT (to its whole process group, as Ctrl-C does) while the claims run on Prism mocks, by
 * SIGTERM while the contract suite (a real vitest with the project's Prism setup) runs after the swap, and by
 * SIGKILL during the suite and between two renames of the swap. Afterwards spec/ and generated/
 * are byte for byte as they were (after a SIGKILL, once the next command has recovered), no
 * scratch file is left in the project or in the run's temp folder, and no process of the run
 * (sync, vitest, Prism, their guards) is alive.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { TRANSACTION_DIR } from "../../scripts/lib/transaction.ts";
import { processesUnder, settledUnder, signalGroup, start, TSX, type Running } from "../helpers/processes.ts";
import { copyOfProject, type SyncRoot } from "../helpers/sync-root.ts";

const HISTORY = "tests/fixtures/published/history";
const newest = JSON.parse(readFileSync(`${HISTORY}/index.json`, "utf8")).states.at(-1);
const SYNC = join(process.cwd(), "scripts/sync.ts");
const PRISM_SETUP = join(process.cwd(), "tests/setup/prism.global.ts");

let root: SyncRoot | undefined;
let run: Running | undefined;
afterEach(async () => {
  if (run) signalGroup(run, "SIGKILL");
  await run?.exited;
  root?.remove();
  root = run = undefined;
});

/**
 * A copy of the project whose contract suite is one test that waits (under the project's own
 * Prism setup), and a published pair with one operation more than the spec has, so that the
 * sync has something to replace.
 */
function project(): { root: SyncRoot; tmp: string; args: string[] } {
  root = copyOfProject();
  const dir = root.dir;
  symlinkSync(join(process.cwd(), "node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, "package.json"), readFileSync("package.json"));
  mkdirSync(join(dir, "tests"));
  writeFileSync(
    join(dir, "tests/hold.test.ts"),
    `import { it } from "vitest";\nit("holds until stopped", () => new Promise((resolve) => setTimeout(resolve, 100_000)), 110_000);\n`,
  );
  writeFileSync(
    join(dir, "vitest.config.ts"),
    `export default { test: { include: ["tests/hold.test.ts"], globalSetup: [${JSON.stringify(PRISM_SETUP)}] } };\n`,
  );
  const qstash = parse(readFileSync(join(HISTORY, newest.qstash), "utf8"));
  qstash.paths["/v2/interrupted"] = {
    get: {
      summary: "Interrupted",
      responses: { "200": { content: { "application/json": { schema: { type: "string" } } } } },
    },
  };
  mkdirSync(join(dir, "input"));
  writeFileSync(join(dir, "input/qstash.yaml"), stringify(qstash));
  const tmp = join(dir, "tmp");
  mkdirSync(tmp);
  return { root, tmp, args: [SYNC, join(dir, "input/qstash.yaml"), join(process.cwd(), HISTORY, newest.workflow)] };
}

function sync(args: string[], tmp: string, env: NodeJS.ProcessEnv = {}): Running {
  run = start(TSX, args, { cwd: root!.dir, env: { TMPDIR: tmp, ...env } });
  return run;
}

/** Waits (bounded) until the run's children are up: the kill must find them alive. */
async function alive(...patterns: RegExp[]) {
  const deadline = Date.now() + 60_000;
  while (!patterns.every((pattern) => processesUnder(root!.dir).some((line) => pattern.test(line)))) {
    if (Date.now() > deadline)
      throw new Error(`not all of ${patterns.join(", ")} started: ${processesUnder(root!.dir).join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The tree, the temp folder and the process table after a run ended. */
async function expectNothingLeft(before: Record<string, string>, tmp: string) {
  expect(await settledUnder(root!.dir), "processes of the run still alive").toEqual([]);
  expect(root!.snapshot()).toEqual(before);
  expect(existsSync(join(root!.dir, TRANSACTION_DIR))).toBe(false);
  // tsx keeps its compile cache there (tsx-<uid>), shared by every tsx run: the only entry allowed.
  expect(readdirSync(tmp).filter((name) => !/^tsx-\d+$/.test(name))).toEqual([]);
}

describe.sequential("an interrupted sync leaves the tree and the process table as they were", () => {
  it("SIGINT to the process group while the claims run on Prism mocks: exit 130", async () => {
    const { args, tmp } = project();
    const before = root!.snapshot();
    const running = sync(args, tmp);
    await running.until(/✔ \[8\/12\] compare with the current description/);
    // The mocks run inside the sync's own process (Prism's engine in a worker thread); the claims step
    // takes seconds, so the signal lands in it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(running.output()).not.toMatch(/✔ \[9\/12\]/);
    signalGroup(running, "SIGINT");
    const { code } = await running.exited;
    expect(code).toBe(130);
    expect(running.output()).toMatch(/SIGINT: stopping; putting back what this run changed/);
    await expectNothingLeft(before, tmp);
  }, 120_000);

  it("SIGTERM to the sync while vitest and Prism run after the swap: exit 143, the swap rolled back", async () => {
    const { args, tmp } = project();
    const before = root!.snapshot();
    const running = sync([...args, "--skip-claims"], tmp);
    await running.until(/✔ \[10\/12\] replace spec\/ and generated\/ together/);
    expect(root!.snapshot()).not.toEqual(before);
    await alive(/vitest\.mjs run/);
    process.kill(running.child.pid!, "SIGTERM");
    const { code } = await running.exited;
    expect(code).toBe(143);
    await expectNothingLeft(before, tmp);
  }, 120_000);

  it("SIGKILL to the whole group during the suite: the guards end vitest and Prism, the next command rolls back", async () => {
    const { args, tmp } = project();
    const before = root!.snapshot();
    const running = sync([...args, "--skip-claims"], tmp);
    await running.until(/✔ \[10\/12\] replace spec\/ and generated\/ together/);
    await alive(/vitest\.mjs run/);
    // A long step says what it is doing.
    await running.until(/ {2}… contract suite: \d+ test file\(s\), \d+ test\(s\) done \(\d+ s\)/);
    signalGroup(running, "SIGKILL");
    await running.exited;
    expect(await settledUnder(root!.dir), "vitest or Prism outlived the kill").toEqual([]);
    expect(root!.snapshot()).not.toEqual(before);
    const check = start(TSX, [join(process.cwd(), "scripts/check-generated.ts")], {
      cwd: root!.dir,
      env: { TMPDIR: tmp },
    });
    const { code } = await check.exited;
    expect(check.output()).toMatch(/note: recovered an interrupted run \(pid \d+\): 4 file\(s\) put back/);
    expect(code).toBe(0);
    await expectNothingLeft(before, tmp);
  }, 120_000);

  it("SIGKILL between two renames of the swap: half replaced, then put back by the next sync", async () => {
    const { args, tmp } = project();
    const before = root!.snapshot();
    const running = sync([...args, "--skip-claims", "--skip-tests"], tmp, { QSTASH_PAUSE_AT: "replacing" });
    await running.until(/paused at replacing/);
    signalGroup(running, "SIGKILL");
    await running.exited;
    const after = root!.snapshot();
    const changed = Object.keys(before).filter((file) => after[file] !== before[file]);
    expect(changed).toEqual(["spec/qstash.openapi.yaml"]);
    // The next sync recovers first, then fails on a usage mistake before touching anything.
    const next = start(TSX, [SYNC, "qstash=a", "qstash=b"], { cwd: root!.dir, env: { TMPDIR: tmp } });
    await next.exited;
    expect(next.output()).toMatch(/note: recovered an interrupted run/);
    await expectNothingLeft(before, tmp);
  }, 120_000);
});
