/**
 * `npx tsx scripts/captures/check-evidence.ts --repo upstash/docs=/work/.mirror/upstash+docs/repo …`:
 * checks every citation of scripts/contract/clients/explanations.yaml against the real sources: the cited
 * line of the cited file, at the cited commit, must hold the fact the citation says it shows. A repository
 * may be given as a checkout or a bare mirror; an installed package is read from node_modules. Exit 1 when a
 * citation does not hold, so that a stale line number never reaches a report.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand, UsageError } from "../lib/cli.ts";
import { loadExplanations, type Evidence, type ExplanationCatalog } from "../contract/clients/explanations.ts";
import { packageRoot } from "../contract/clients/surface.ts";

const COMMAND = {
  usage: "usage: npx tsx scripts/captures/check-evidence.ts --repo <owner/name>=<checkout or bare git dir> …",
  help: `Checks each citation in scripts/contract/clients/explanations.yaml: the cited line, at the cited commit,
must contain the fact it shows. Citations of repositories not given are listed as not checked.
  --repo  owner/name=path, repeatable (e.g. upstash/docs=/work/.mirror/upstash+docs/repo)`,
  options: { repo: { type: "string" as const, multiple: true } },
};

export interface CitationCheck {
  key: string;
  status: "holds" | "differs" | "not checked";
  detail: string;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runCommand(COMMAND, async ({ values }) => {
    const repos = new Map<string, string>();
    for (const entry of (values.repo as string[] | undefined) ?? []) {
      const [name, path] = entry.split("=");
      if (!name || !path) throw new UsageError(`--repo ${entry}: write owner/name=path`);
      repos.set(name, path);
    }
    const results = checkCitations(loadExplanations(), repos);
    const marks = { holds: "✔", differs: "✖", "not checked": "·" };
    for (const r of results) process.stdout.write(`${marks[r.status]} ${r.key}: ${r.detail}\n`);
    const count = (status: CitationCheck["status"]) => results.filter((r) => r.status === status).length;
    const totals = `${count("holds")} hold, ${count("differs")} differ, ${count("not checked")} not checked`;
    process.stdout.write(`\n${results.length} citations: ${totals}\n`);
    return count("differs") ? 1 : 0;
  });
}

export function checkCitations(catalog: ExplanationCatalog, repos: Map<string, string>): CitationCheck[] {
  return Object.entries(catalog.evidence).map(([key, evidence]) => {
    const source = catalog.sources[evidence.source];
    let text: string | undefined;
    let where: string;
    if (source.repository) {
      const commit = evidence.commit ?? source.commit!;
      where = `${source.repository}@${commit.slice(0, 8)} ${evidence.file}:${evidence.line}`;
      const dir = repos.get(source.repository);
      if (!dir) return { key, status: "not checked", detail: `${where} (no --repo ${source.repository}=…)` };
      text = fileAt(dir, commit, evidence.file);
    } else {
      const name = source.package!.replace(/@[^@]+$/, "");
      where = `npm ${source.package} ${evidence.file}:${evidence.line}`;
      const file = join(packageRoot(name), evidence.file);
      text = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    }
    return judge(key, where, evidence, text);
  });
}

function judge(key: string, where: string, evidence: Evidence, text: string | undefined): CitationCheck {
  if (text === undefined) return { key, status: "differs", detail: `${where}: the file is not there` };
  const line = text.split("\n")[evidence.line - 1];
  if (line === undefined) return { key, status: "differs", detail: `${where}: the file has no line ${evidence.line}` };
  if (line.includes(evidence.shows))
    return { key, status: "holds", detail: `${where} shows ${JSON.stringify(evidence.shows)}` };
  const read = JSON.stringify(line.trim().slice(0, 120));
  return { key, status: "differs", detail: `${where} reads ${read}, not ${JSON.stringify(evidence.shows)}` };
}

function fileAt(dir: string, commit: string, file: string): string | undefined {
  const gitArgs = existsSync(join(dir, ".git")) ? ["-C", dir] : ["--git-dir", dir];
  try {
    const options = {
      encoding: "utf8" as const,
      maxBuffer: 64 << 20,
      stdio: ["ignore", "pipe", "ignore"] as ("ignore" | "pipe")[],
    };
    return execFileSync("git", [...gitArgs, "show", `${commit}:${file}`], options);
  } catch {
    return undefined;
  }
}
