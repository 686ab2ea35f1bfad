import { onInterrupt } from "./interrupts.ts";
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { SpecError } from "../spec/spec-error.ts";
import { pauseHere } from "./pause-point.ts";

/**
 * Replaces a set of files under a project root all together, so that a run killed at any moment,
 * even by SIGKILL, leaves the files either as they were or, once committed, as they became; never
 * half of each. Everything lives in one directory under the root (beside the files, so that the
 * renames are atomic and no temporary folder fills up):
 *
 *   .qstash-transaction/owner.json    which process holds it (pid and start time): one at a time
 *   .qstash-transaction/work/         scratch files of the run
 *   .qstash-transaction/new/<n>       the new content of each file, written and flushed first
 *   .qstash-transaction/old/<n>       a copy of what each file held before
 *   .qstash-transaction/journal.json  written before the first rename: `replacing`, then `committed`
 *
 * The next command that touches the files (sync, generate, check:generated, verify) calls
 * recoverTransaction first: with no journal nothing was replaced and the directory goes; a
 * `replacing` journal is rolled back (each old copy renamed back, each new file removed); a
 * `committed` one is rolled forward (only the clean-up was left).
 */
export const TRANSACTION_DIR = ".qstash-transaction";

interface Journal {
  state: "replacing" | "committed";
  /** Paths relative to the root, in the order of new/<n> and old/<n>; `existed`: was there a file to put back. */
  files: { path: string; existed: boolean }[];
}

interface Owner {
  pid: number;
  started: string | null;
}

export class Transaction {
  private journal: Journal | null = null;
  private finished = false;

  private constructor(
    readonly root: string,
    readonly dir: string,
  ) {}

  /** Takes the root for this process (recovering what a dead run left); a live one elsewhere is an error. */
  static begin(root: string): Transaction {
    recoverTransaction(root);
    const dir = join(root, TRANSACTION_DIR);
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw busy(root, readOwner(dir));
      throw error;
    }
    for (const sub of ["work", "new", "old"]) mkdirSync(join(dir, sub));
    writeDurably(join(dir, "owner.json"), JSON.stringify(self()));
    return new Transaction(root, dir);
  }

  /** Scratch space of the run; removed with the transaction. */
  get workDir(): string {
    return join(this.dir, "work");
  }

  /**
   * Writes every new content and a copy of every current one, flushes them, writes the journal,
   * then renames the new files into place. From the journal on, a kill is rolled back.
   */
  replace(files: Record<string, string>): void {
    if (this.journal) throw new Error("a transaction replaces its files once");
    const entries = Object.entries(files).map(([path, content], index) => {
      const target = join(this.root, path);
      writeDurably(join(this.dir, "new", String(index)), content);
      const existed = existsSync(target);
      if (existed) {
        copyFileSync(target, join(this.dir, "old", String(index)));
        flush(join(this.dir, "old", String(index)));
      }
      mkdirSync(dirname(target), { recursive: true });
      return { path, existed };
    });
    flushDir(join(this.dir, "new"));
    flushDir(join(this.dir, "old"));
    pauseHere("staged");
    this.journal = { state: "replacing", files: entries };
    writeJournal(this.dir, this.journal);
    entries.forEach(({ path }, index) => {
      renameSync(join(this.dir, "new", String(index)), join(this.root, path));
      if (index === 0) pauseHere("replacing");
    });
    for (const dir of new Set(entries.map(({ path }) => dirname(join(this.root, path))))) flushDir(dir);
    pauseHere("replaced");
  }

  /** The new files stay; the old copies go. */
  commit(): void {
    this.finished = true;
    if (this.journal) writeJournal(this.dir, { ...this.journal, state: "committed" });
    pauseHere("committed");
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Puts back every file as it was (if anything was replaced) and removes the directory. Safe to call twice. */
  rollback(): void {
    if (this.finished) return;
    this.finished = true;
    if (existsSync(this.dir)) rollBack(this.root, this.dir);
  }
}

/**
 * Replaces a set of the project's files (paths relative to root) together, through the journal:
 * a kill at any moment leaves either all old or all new files once the next command has recovered,
 * and an interrupt (SIGINT, SIGTERM) puts the old ones back.
 */
export function replaceTogether(root: string, files: Record<string, string>): void {
  // A file that already holds its content is not touched: nothing to journal, no lock to take.
  const changed = Object.entries(files).filter(([path, text]) => !holds(join(root, path), text));
  if (changed.length === 0) return;
  const transaction = Transaction.begin(root);
  const forget = onInterrupt(() => transaction.rollback());
  try {
    transaction.replace(Object.fromEntries(changed));
    transaction.commit();
  } finally {
    forget();
    transaction.rollback();
  }
}

function holds(file: string, text: string): boolean {
  try {
    return readFileSync(file, "utf8") === text;
  } catch {
    return false;
  }
}

/**
 * Finishes what an interrupted run left under the root; returns a line saying what was done, or
 * null when there was nothing. A run that is still alive is an error for a writer (busy) and is
 * left alone for a reader.
 */
export function recoverTransaction(root: string, { readOnly = false } = {}): string | null {
  const dir = join(root, TRANSACTION_DIR);
  if (!existsSync(dir)) return null;
  const owner = readOwner(dir);
  if (owner && owner.pid !== process.pid && isAlive(owner)) {
    // A reader (check:generated) may look while a run is at work; a writer must wait.
    if (readOnly) return `a run (pid ${owner.pid}) is replacing files here; left alone`;
    throw busy(root, owner);
  }
  const journal = readJournal(dir);
  if (journal?.state === "replacing") {
    rollBack(root, dir);
    return `recovered an interrupted run (pid ${owner?.pid ?? "?"}): ${journal.files.length} file(s) put back as they were before it`;
  }
  rmSync(dir, { recursive: true, force: true });
  return journal
    ? `finished the clean-up of a run that had committed (pid ${owner?.pid ?? "?"})`
    : `removed the scratch files of an interrupted run (pid ${owner?.pid ?? "?"}); nothing had been replaced`;
}

function rollBack(root: string, dir: string): void {
  const journal = readJournal(dir);
  if (journal?.state === "replacing") {
    journal.files.forEach(({ path, existed }, index) => {
      const old = join(dir, "old", String(index));
      if (existed && existsSync(old)) renameSync(old, join(root, path));
      else if (!existed) rmSync(join(root, path), { force: true });
    });
    for (const file of new Set(journal.files.map(({ path }) => dirname(join(root, path))))) flushDir(file);
  }
  rmSync(dir, { recursive: true, force: true });
}

function busy(root: string, owner: Owner | null): SpecError {
  return new SpecError(
    join(root, TRANSACTION_DIR),
    "",
    `another run (pid ${owner?.pid ?? "?"}) is replacing spec/ and generated/ here`,
    "wait for it to finish, or stop it; the next command puts the files back",
  );
}

function self(): Owner {
  return { pid: process.pid, started: startTime(process.pid) };
}

/** State and start time (clock ticks since boot) of a process, from Linux's /proc; null elsewhere or when gone. */
function procStat(pid: number): { state: string; started: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0], started: fields[19] };
  } catch {
    return null;
  }
}

function startTime(pid: number): string | null {
  return procStat(pid)?.started ?? null;
}

/** A killed owner may linger as a zombie nobody reaped, and its pid may be reused: neither is alive. */
function isAlive(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  const now = procStat(owner.pid);
  if (now?.state === "Z" || now?.state === "X") return false;
  return owner.started === null || now === null || now.started === owner.started;
}

function readOwner(dir: string): Owner | null {
  try {
    return JSON.parse(readFileSync(join(dir, "owner.json"), "utf8"));
  } catch {
    return null;
  }
}

function readJournal(dir: string): Journal | null {
  try {
    return JSON.parse(readFileSync(join(dir, "journal.json"), "utf8"));
  } catch {
    return null;
  }
}

function writeJournal(dir: string, journal: Journal): void {
  writeDurably(join(dir, "journal.json.tmp"), JSON.stringify(journal));
  renameSync(join(dir, "journal.json.tmp"), join(dir, "journal.json"));
  flushDir(dir);
}

/** Writes a file and waits until its bytes are on disk. */
function writeDurably(file: string, content: string): void {
  const fd = openSync(file, "w");
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function flush(file: string): void {
  const fd = openSync(file, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes the renames inside a directory durable. */
function flushDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some file systems cannot flush a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** What every command that touches spec/ or generated/ does first: finish an interrupted run, and say so. */
export function recoverBeforeRun(
  root: string,
  options: { readOnly?: boolean; out?: NodeJS.WritableStream } = {},
): void {
  const done = recoverTransaction(root, options);
  if (done) (options.out ?? process.stderr).write(`note: ${done}\n`);
}
