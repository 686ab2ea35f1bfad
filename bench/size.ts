import { build } from "esbuild";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { bundle } from "../scripts/build-package.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface SizeRow {
  name: string;
  minified: number;
  gzipped: number;
}

const gz = (text: string) => gzipSync(text, { level: 9 }).length;

/**
 * Minified + gzipped size of what a consumer's bundler ships for one import, tree-shaken:
 * this client's entry (self-contained: openapi-fetch is used for its types only), the whole
 * entry with the helpers, and the official SDK's client for contrast. Same esbuild settings for all; the SDK is resolved for browsers.
 */
export async function benchSize(): Promise<SizeRow[]> {
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
      ["createQStashClient", clientOnly],
      ["whole entry (pages, items, cancelMessages, verifySignature, errors too)", everything],
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
    rows.push({ name: "@upstash/qstash Client", minified: sdkText.length, gzipped: gz(sdkText) });
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
