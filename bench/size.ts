import { build } from "esbuild";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { bundle } from "../scripts/build-package.ts";
import type { Measure } from "./measure.ts";
import { figureOf } from "./results.ts";
import { grouped } from "./stats.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

interface SizeRow {
  name: string;
  minified: number;
  gzipped: number;
}

const gz = (text: string) => gzipSync(text, { level: 9 }).length;

const CLIENT = "createQStashClient";
const WHOLE = "whole entry (pages, items, cancelMessages, verifySignature, errors too)";
const SDK = "@upstash/qstash Client";
const TARGET_BYTES = 4 * 1024;

/**
 * Minified + gzipped size of what a consumer's bundler ships for one import, tree-shaken:
 * this client's entry (self-contained: openapi-fetch is used for its types only), the whole
 * entry with the helpers, and the official SDK's client for contrast. Same esbuild settings for all; the SDK is resolved for browsers.
 */
async function benchSize(): Promise<SizeRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "qstash-size-"));
  try {
    const entry = async (name: string, text: string) => {
      const file = join(dir, `${name}.ts`);
      await writeFile(file, text);
      return file;
    };
    const clientOnly = await entry(
      "client",
      `export { createQStashClient } from ${JSON.stringify(join(ROOT, "src/index.ts"))};`,
    );
    const everything = await entry("all", `export * from ${JSON.stringify(join(ROOT, "src/index.ts"))};`);
    const rows: SizeRow[] = [];
    for (const [name, file] of [
      [CLIENT, clientOnly],
      [WHOLE, everything],
    ] as const) {
      const text = await bundle({ entry: file, minify: true });
      rows.push({ name, minified: text.length, gzipped: gz(text) });
    }
    const sdkEntry = await entry("sdk", 'export { Client } from "@upstash/qstash";');
    const sdk = await build({
      entryPoints: [sdkEntry],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent",
      nodePaths: [join(ROOT, "node_modules")],
    });
    const sdkText = sdk.outputFiles[0]!.text;
    rows.push({ name: SDK, minified: sdkText.length, gzipped: gz(sdkText) });
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const sizeMeasure: Measure = {
  id: "size",
  title: "client entry, esbuild min + gzip -9",
  target: `≤ ${grouped(TARGET_BYTES)} B`,
  about:
    "client entry min + gzip -9 (esbuild) beside the whole entry and @upstash/qstash's Client; the bytes do not vary",
  defaultRuns: 1,
  runNoun: "build",
  // The same sources, lockfile and Node give the same bytes: more builds would only repeat them.
  maxRuns: 1,
  async run(_builds, progress) {
    progress.note("bundling with esbuild");
    const rows = await benchSize();
    return {
      runs: 1,
      statistic: "one build; the same commit gives the same bytes",
      sideBySide: [],
      figures: rows.map((r) => ({ name: r.name, value: r.gzipped, unit: "B", extra: { minified: r.minified } })),
    };
  },
  cells(result) {
    const bytes = (name: string) => `${grouped(figureOf(result, name).value)} B`;
    const client = figureOf(result, CLIENT).value;
    const over = client - TARGET_BYTES;
    return {
      figures: `**${bytes(CLIENT)}** (whole entry with pages, items, cancelMessages, verifySignature, errors: ${bytes(WHOLE)}) · ${SDK} ${bytes(SDK)}`,
      verdict: over <= 0 ? "**met**" : `**missed by ${grouped(over)} B** (why: below the tables)`,
    };
  },
};
