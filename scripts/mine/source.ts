import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { SpecError } from "../spec/spec-error.ts";

/** The documentation areas whose pages describe the QStash and Workflow APIs. */
export const PAGE_ROOTS = ["qstash/", "workflow/"];
/** Where `<Snippet file="x.mdx" />` finds its file, first match wins. */
const SNIPPET_DIRS = ["_snippets/", "snippets/"];

/** A docs checkout read either from its work tree or from one git revision. */
export interface DocsSource {
  /** Full commit the pages were read at (`worktree` for an unversioned directory). */
  commit: string;
  /** Commit date, ISO; undefined outside git. */
  date?: string;
  /** Every MDX page under the roots, sorted. */
  pages: string[];
  read(path: string): string;
  /** The path a snippet name resolves to, or undefined. */
  snippet(name: string): string | undefined;
}

function git(dir: string, args: string[]): string {
  return execFileSync("git", ["-C", dir, ...args], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function isGit(dir: string): boolean {
  try {
    git(dir, ["rev-parse", "--git-dir"]);
    return true;
  } catch {
    return false;
  }
}

function isBare(dir: string): boolean {
  return git(dir, ["rev-parse", "--is-bare-repository"]).trim() === "true";
}

/**
 * Opens a checkout. With a revision (or a bare mirror, which has no work tree) the pages are
 * read from git at that commit; otherwise from the work tree, at its HEAD commit.
 */
export function openDocs(dir: string, rev?: string): DocsSource {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new SpecError(dir, "", "no such directory", "pass the path of a checkout of the docs repository");
  const versioned = isGit(dir);
  if (rev && !versioned)
    throw new SpecError(
      dir,
      "",
      "--rev needs a git checkout, and this directory is not one",
      "drop --rev or pass a git checkout",
    );
  const fromGit = versioned && (rev !== undefined || isBare(dir));
  let commit = "worktree";
  let date: string | undefined;
  if (versioned) {
    try {
      [commit, date] = git(dir, ["log", "-1", "--format=%H %cI", rev ?? "HEAD", "--"])
        .trim()
        .split(" ");
    } catch {
      throw new SpecError(
        dir,
        "",
        `no commit ${rev} in this repository`,
        "pass a commit, tag or branch that `git log` knows",
      );
    }
  }
  const files = fromGit
    ? git(dir, ["ls-tree", "-r", "--name-only", commit]).split("\n").filter(Boolean)
    : walk(dir).map((file) => relative(dir, file).split("\\").join("/"));
  const all = new Set(files);
  const pages = files.filter((f) => f.endsWith(".mdx") && PAGE_ROOTS.some((root) => f.startsWith(root))).sort();
  const snippets = files.filter((f) => SNIPPET_DIRS.some((d) => f.startsWith(d)));
  // One git process for every page and snippet, on the first read: a `git show` per file costs more
  // than the mining itself.
  let blobs: Map<string, string> | undefined;
  const read = fromGit
    ? (path: string) => {
        blobs ??= readBlobs(dir, commit, [...pages, ...snippets]);
        return blobs.get(path) ?? git(dir, ["show", `${commit}:${path}`]);
      }
    : (path: string) => readFileSync(join(dir, path), "utf8");
  return {
    commit,
    date,
    pages,
    read,
    snippet: (name) => SNIPPET_DIRS.map((d) => `${d}${name.replace(/^\/+/, "")}`).find((p) => all.has(p)),
  };
}

/** The text of many files at one commit, read by one `git cat-file --batch`, by path. */
function readBlobs(dir: string, commit: string, paths: string[]): Map<string, string> {
  const out = execFileSync("git", ["-C", dir, "cat-file", "--batch"], {
    input: paths.map((path) => `${commit}:${path}\n`).join(""),
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const blobs = new Map<string, string>();
  let offset = 0;
  for (const path of paths) {
    const headerEnd = out.indexOf(10, offset);
    const header = out.toString("utf8", offset, headerEnd).split(" ");
    offset = headerEnd + 1;
    if (header[1] !== "blob") continue; // "<name> missing": left to the per-file read, which names the failure
    const size = Number(header[2]);
    blobs.set(path, out.toString("utf8", offset, offset + size));
    offset += size + 1;
  }
  return blobs;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === ".git" || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}
