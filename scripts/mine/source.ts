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
  const read = fromGit
    ? (path: string) => git(dir, ["show", `${commit}:${path}`])
    : (path: string) => readFileSync(join(dir, path), "utf8");
  return {
    commit,
    date,
    pages: files.filter((f) => f.endsWith(".mdx") && PAGE_ROOTS.some((root) => f.startsWith(root))).sort(),
    read,
    snippet: (name) => SNIPPET_DIRS.map((d) => `${d}${name.replace(/^\/+/, "")}`).find((p) => all.has(p)),
  };
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
