/**
 * The journal that makes replacing spec/ and generated/ recoverable (scripts/lib/transaction.ts):
 * committed or rolled back in-process, and killed with SIGKILL at each point between its steps,
 * after which the next command's recovery leaves the files as they were (or, once committed, as
 * they became) and no scratch file behind.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  recoverBeforeRun,
  recoverTransaction,
  replaceTogether,
  Transaction,
  TRANSACTION_DIR,
} from "../../../scripts/lib/transaction.ts";
import { ended, signalGroup, start, TSX } from "../../helpers/processes.ts";

let root = "";
afterEach(() => rmSync(root, { recursive: true, force: true }));

function project(): string {
  root = mkdtempSync(join(tmpdir(), "qstash-transaction-"));
  mkdirSync(join(root, "spec"));
  writeFileSync(join(root, "spec/a.yaml"), "old a\n");
  writeFileSync(join(root, "spec/b.yaml"), "old b\n");
  return root;
}
const read = (path: string) => (existsSync(join(root, path)) ? readFileSync(join(root, path), "utf8") : null);
const NEW = { "spec/a.yaml": "new a\n", "spec/b.yaml": "new b\n", "generated/c.ts": "new c\n" };

describe("in-process", () => {
  it("commit keeps the new files and removes the directory", () => {
    project();
    const transaction = Transaction.begin(root);
    transaction.replace(NEW);
    transaction.commit();
    expect([read("spec/a.yaml"), read("spec/b.yaml"), read("generated/c.ts")]).toEqual([
      "new a\n",
      "new b\n",
      "new c\n",
    ]);
    expect(existsSync(join(root, TRANSACTION_DIR))).toBe(false);
  });

  it("rollback puts back every file byte for byte and removes the ones that were not there", () => {
    project();
    const transaction = Transaction.begin(root);
    transaction.replace(NEW);
    transaction.rollback();
    transaction.rollback();
    expect([read("spec/a.yaml"), read("spec/b.yaml"), read("generated/c.ts")]).toEqual(["old a\n", "old b\n", null]);
    expect(existsSync(join(root, TRANSACTION_DIR))).toBe(false);
  });
});

// A sync's contract suite runs verify in the root the sync is replacing: verify must read there,
// and write only what is stale, without taking a lock that the sync holds.
describe("a run at work in the root (owned by a live process)", () => {
  function heldByAnother(): void {
    mkdirSync(join(root, TRANSACTION_DIR));
    writeFileSync(join(root, TRANSACTION_DIR, "owner.json"), JSON.stringify({ pid: process.ppid, started: null }));
  }

  it("is left alone by a reader, and files that already hold their content are not touched", () => {
    project();
    heldByAnother();
    const notes: string[] = [];
    recoverBeforeRun(root, { readOnly: true, out: { write: (line: string) => notes.push(line) } as never });
    expect(notes.join("")).toMatch(/is replacing files here; left alone/);
    replaceTogether(root, { "spec/a.yaml": "old a\n" });
    expect(existsSync(join(root, TRANSACTION_DIR, "owner.json"))).toBe(true);
  });

  it("refuses a writer that would change a file, naming the other run", () => {
    project();
    heldByAnother();
    expect(() => replaceTogether(root, { "spec/a.yaml": "new a\n" })).toThrow(/another run \(pid \d+\) is replacing/);
    expect(read("spec/a.yaml")).toBe("old a\n");
  });
});

describe("killed with SIGKILL, then recovered by the next command", () => {
  const killAt = async (point: string) => {
    const args = ["tests/helpers/transaction-child.ts", root, ...Object.entries(NEW).map(([k, v]) => `${k}=${v}`)];
    const run = start(TSX, args, { cwd: process.cwd(), env: { QSTASH_PAUSE_AT: point } });
    await run.until(new RegExp(`paused at ${point}`));
    // While it is alive, a writer is refused and a reader leaves it alone.
    expect(() => recoverTransaction(root)).toThrow(/another run \(pid \d+\) is replacing spec\/ and generated\/ here/);
    expect(recoverTransaction(root, { readOnly: true })).toMatch(/is replacing files here; left alone/);
    signalGroup(run, "SIGKILL");
    await run.exited;
    expect(await ended(Number(/paused at \w+ \(pid (\d+)\)/.exec(run.output())![1]))).toBe(true);
  };

  it.each([
    ["staged", "before the journal: nothing was replaced", ["old a\n", "old b\n", null], /nothing had been replaced/],
    [
      "replacing",
      "between two renames: rolled back",
      ["new a\n", "old b\n", null],
      /3 file\(s\) put back as they were/,
    ],
    [
      "replaced",
      "after every rename, before the commit: rolled back",
      ["new a\n", "new b\n", "new c\n"],
      /3 file\(s\) put back/,
    ],
  ] as const)(
    "at %s (%s)",
    async (point, _what, killedState, note) => {
      project();
      await killAt(point);
      expect([read("spec/a.yaml"), read("spec/b.yaml"), read("generated/c.ts")]).toEqual(killedState);
      expect(recoverTransaction(root)).toMatch(note);
      expect([read("spec/a.yaml"), read("spec/b.yaml"), read("generated/c.ts")]).toEqual(["old a\n", "old b\n", null]);
      expect(existsSync(join(root, TRANSACTION_DIR))).toBe(false);
    },
    60_000,
  );

  it("after the commit was written: rolled forward (the new files stay)", async () => {
    project();
    await killAt("committed");
    expect(recoverTransaction(root)).toMatch(/finished the clean-up of a run that had committed/);
    expect([read("spec/a.yaml"), read("spec/b.yaml"), read("generated/c.ts")]).toEqual([
      "new a\n",
      "new b\n",
      "new c\n",
    ]);
    expect(existsSync(join(root, TRANSACTION_DIR))).toBe(false);
  }, 60_000);
});
