/**
 * `npm run mine -- <docs checkout> [--rev <commit>] [--out <dir>] [--api-pages]`: reads the
 * MDX pages of the QStash and Workflow docs and writes what they claim about the API (request
 * examples in curl, Node, Python and Go; ParamField/ResponseField tags of API reference pages;
 * shell mistakes; sentences that name an endpoint, a header or a query parameter; limits stated in
 * words; the SDK example snippets, compiled against the installed SDKs and run on a mock, or checked
 * against qstash-py's signatures) as a claims catalog, one file per page, each claim with its line
 * and the commit. `npm run verify -- --docs <dir>` judges it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "./lib/cli.ts";
import { claimAdder, pageClaims } from "./mine/page-claims.ts";
import { readPage } from "./mine/page-items.ts";
import { sdkSnippets, type SdkSnippet } from "./mine/sdk-snippets.ts";
import { openDocs } from "./mine/source.ts";
import { manifestFile, MANIFEST, pageFile, PAGES_DIR, writeCatalog, type MinedPage } from "./mine/write-catalog.ts";
import { apiLine } from "./mine/mdx.ts";

const COMMAND = {
  usage: "usage: npm run mine -- <docs checkout> [--rev <commit>] [--out <dir>] [--api-pages]",
  help: `Mines the claims of every MDX page under qstash/ and workflow/ of an upstash/docs checkout and writes
<out>/pages/<page>.yaml (claims with line and commit) and <out>/manifest.yaml (source, counts, and every
example, field, sentence or SDK snippet left out, with the reason). Prints one line per page. SDK snippets
run against a Prism mock of generated/qstash.openapi.json (npm run generate writes it); Python snippets need
python3.
  --rev <commit>  read the pages from git at that commit (a bare mirror is read at HEAD without it)
  --out <dir>     where the catalog goes (default: spec/mined/<first 8 characters of the commit>)
  --api-pages     only pages with an api: line (the hand-written API reference)`,
  options: {
    rev: { type: "string" as const },
    out: { type: "string" as const },
    "api-pages": { type: "boolean" as const, default: false },
  },
  positionals: { min: 1, max: 1 },
};

await runCommand(COMMAND, async ({ values, positionals }) => {
  const checkout = positionals[0];
  const source = openDocs(checkout, values.rev as string | undefined);
  const out = (values.out as string | undefined) ?? join("spec/mined", source.commit.slice(0, 8));
  const command = `npm run mine -- <upstash/docs checkout> --rev ${source.commit.slice(0, 12)}${values["api-pages"] ? " --api-pages" : ""} --out ${out}`;
  const provenance = {
    repository: "upstash/docs",
    commit: source.commit,
    ...(source.date ? { date: source.date } : {}),
    command,
  };
  const head = safeHeadPages(checkout, source);
  const pages: MinedPage[] = [];
  const snippets: SdkSnippet[] = [];
  let scanned = 0;
  for (const path of source.pages) {
    const page = readPage(source, path);
    if (values["api-pages"] && !apiLine(page.frontmatter.api)) continue;
    scanned++;
    const key = path
      .replace(/\.mdx$/, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-");
    const mined = pageClaims(page, key);
    const minedPage: MinedPage = {
      key,
      title: page.frontmatter.title ?? path,
      url: `https://upstash.com/docs/${path.replace(/\.mdx$/, "")}`,
      path,
      era: head.has(path) ? "current" : "older",
      ...mined,
      snippets: 0,
      snippetsLeftOut: [],
    };
    if (page.missingSnippets.length)
      minedPage.skipped.push(
        ...page.missingSnippets.map((name) => ({ line: 0, reason: "missing-snippet", detail: name })),
      );
    pages.push(minedPage);
    snippets.push(...sdkSnippets(page));
  }
  // The SDK snippets of the whole revision are compiled in one program and run on one mock. The compiler
  // and the mock load only here, so that a usage error or a bad checkout is answered at once.
  const { sdkExampleClaims } = await import("./mine/sdk-claims.ts");
  const sdk = await sdkExampleClaims(snippets);
  const files: Record<string, string> = {};
  for (const minedPage of pages) {
    const found = sdk.get(minedPage.path);
    if (found) {
      const add = claimAdder(minedPage.key, minedPage.claims);
      for (const [slug, claim, at] of found.claims) add(slug, claim, at);
      minedPage.snippets = found.found;
      minedPage.snippetsLeftOut = found.leftOut;
    }
    if (minedPage.claims.length) files[`${PAGES_DIR}/${minedPage.key}.yaml`] = pageFile(minedPage, provenance);
    process.stderr.write(`${progressLine(minedPage)}\n`);
  }
  files[MANIFEST] = manifestFile(pages, provenance, scanned);
  const { removed } = writeCatalog(out, files);
  const claims = pages.reduce((n, p) => n + p.claims.length, 0);
  const examples = pages.reduce((n, p) => n + p.examples, 0);
  const leftOut = pages.reduce((n, p) => n + p.leftOut.length, 0);
  const sentences = pages.reduce((n, p) => n + p.sentences, 0);
  const snippetCount = pages.reduce((n, p) => n + p.snippets, 0);
  process.stdout.write(
    `${scanned} pages read at ${source.commit.slice(0, 12)}, ${Object.keys(files).length - 1} with claims: ${claims} claims, ${examples} request examples (${leftOut} left out), ${sentences} sentences, ${snippetCount} SDK snippets (reasons for what was left out in ${join(out, MANIFEST)})${removed.length ? `; ${removed.length} stale page file(s) removed` : ""}\n`,
  );
  return 0;
});

function progressLine(page: MinedPage): string {
  if (!page.claims.length && !page.examples && !page.snippets)
    return `· ${page.path}: no request example, no API field`;
  const left = page.leftOut.length ? `, ${page.leftOut.length} left out` : "";
  const sdk = page.snippets ? `, ${page.snippets} SDK snippets` : "";
  return `✔ ${page.path}: ${page.claims.length} claims, ${page.examples} request examples${left}${sdk}`;
}

/** Pages that still exist at the checkout's HEAD are current; the others are retired. */
function safeHeadPages(checkout: string, source: ReturnType<typeof openDocs>): Set<string> {
  if (source.commit === "worktree" || !existsSync(checkout)) return new Set(source.pages);
  try {
    return new Set(openDocs(checkout, "HEAD").pages);
  } catch {
    return new Set(source.pages);
  }
}
