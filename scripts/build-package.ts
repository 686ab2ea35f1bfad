/**
 * `npm run build`: the published package. dist/index.js is the ESM bundle of src/index.ts
 * (self-contained: the package has no runtime dependency); dist/index.min.js
 * is the minified variant whose size the benchmark quotes; dist/types/ holds the declarations
 * from `tsc -p tsconfig.build.json`. src/operation-facts.ts is evaluated here and inlined as
 * data, so the bundle carries the few facts the client acts on rather than the whole
 * generated operation table and description.
 */
import { build, type Plugin } from "esbuild";
import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { progress } from "./lib/progress.ts";
import { runCommand } from "./lib/cli.ts";
import { restoreProjectReadme } from "./pack-readme.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const ENTRY = join(ROOT, "src/index.ts");
const FACTS_MODULE = join(ROOT, "src/operation-facts.ts");

/**
 * Replaces src/operation-facts.ts with its own evaluated result: one constant per export, so that a
 * bundle keeps only the facts its code reads.
 */
export function inlineFactsPlugin(): Plugin {
  return {
    name: "inline-operation-facts",
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]operation-facts\.ts$/ }, async (args) => {
        if (resolve(args.path) !== FACTS_MODULE) return undefined;
        const facts: Record<string, unknown> = await import(pathToFileURL(FACTS_MODULE).href);
        // In name order, as Node lists a module's exports: a loader that keeps declaration order (vitest's)
        // would otherwise bundle other bytes from the same sources.
        const sorted = Object.entries(facts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        const lines = sorted.map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`);
        return { loader: "js", contents: lines.join("\n") };
      });
    },
  };
}

/** Bundles an entry the way the package ships it; returns the output text. */
export async function bundle({
  entry = ENTRY,
  minify,
  external = [] as string[],
  outfile,
}: {
  entry?: string;
  minify: boolean;
  external?: string[];
  outfile?: string;
}): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    minify,
    external,
    treeShaking: true,
    write: false,
    outfile: outfile ?? "out.js",
    plugins: [inlineFactsPlugin()],
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/** Declarations keep the `.ts` specifiers the sources use; consumers resolve `.js` to `.d.ts`. */
async function rewriteDeclarationSpecifiers(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
    const file = join(entry.parentPath, entry.name);
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text
        .replace(/(from\s+["']\.{1,2}\/[^"']*?)\.ts(["'])/g, "$1.js$2")
        .replace(/(import\(["']\.{1,2}\/[^"']*?)\.ts(["']\))/g, "$1.js$2"),
    );
  }
}

async function main() {
  const step = progress(5);
  const dist = join(ROOT, "dist");
  await step("project README in place (after an interrupted pack)", () => restoreProjectReadme());
  await step("clean dist/", async () => {
    await rm(dist, { recursive: true, force: true });
    await mkdir(dist, { recursive: true });
  });
  await step("bundle dist/index.js (ESM)", async () => {
    await writeFile(join(dist, "index.js"), await bundle({ minify: false }));
  });
  await step("bundle dist/index.min.js (minified)", async () => {
    await writeFile(join(dist, "index.min.js"), await bundle({ minify: true }));
  });
  await step("declarations dist/types/ (tsc -p tsconfig.build.json)", async () => {
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json")],
      { cwd: ROOT },
    );
    await rewriteDeclarationSpecifiers(join(dist, "types"));
  });
}

const COMMAND = {
  usage: "usage: npm run build",
  help: "Writes dist/: the ESM bundle, its minified variant and the declarations. Takes no arguments.",
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await runCommand(COMMAND, () => main());
