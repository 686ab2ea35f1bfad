import type { CodeBlock } from "./mdx.ts";
import type { ReadPage } from "./page-items.ts";

/**
 * The SDK example snippets of the docs: every TypeScript or Python block of the SDK pages
 * (`qstash/sdks/ts/…`, `qstash/sdks/py/…`), and every block elsewhere that builds or calls an SDK
 * client (the Workflow pages that call `client.trigger`, a how-to that calls `client.schedules`).
 * They are what most readers copy; each is compiled or checked against the SDK it shows.
 */

export type SnippetLanguage = "typescript" | "python";

export interface SdkSnippet {
  page: string;
  block: CodeBlock;
  language: SnippetLanguage;
  /** The package whose types the snippet is checked against. */
  sdk: "@upstash/qstash" | "@upstash/workflow" | "qstash-py";
  /** The block is marked JavaScript: TypeScript's wish for annotations is not held against it. */
  javascript: boolean;
  /** Why the snippet is not checked (it shows an SDK this project does not pin). */
  leftOut?: string;
}

const TYPESCRIPT = new Set(["ts", "typescript", "tsx", "js", "javascript", "jsx", "mjs"]);
const PYTHON = new Set(["py", "python"]);
/** A block that builds or calls a client of the SDKs (TypeScript: `new Client(`, `client.x`; Python: `QStash(`). */
const TS_CLIENT = /\bnew\s+Client\s*\(|(?<![\w.])Client\s*\(|(?<![\w.])client\.[A-Za-z]/;
const PY_CLIENT = /\b(?:Async)?QStash\s*\(|(?<![\w.])client\.[a-z_]+/;
/** A block that sets old code beside new on purpose (a migration guide): it is not meant to compile whole. */
const OLD_AND_NEW = /^\s*(?:\/\/|#)\s*(?:old|before)\b[\s\S]*^\s*(?:\/\/|#)\s*(?:new|after)\b/im;

const OLD_AND_NEW_REASON = "sets the old API beside the new one on purpose (marked old and new)";

export function sdkSnippets(page: ReadPage): SdkSnippet[] {
  const out: SdkSnippet[] = [];
  for (const block of page.items) {
    if (block.type !== "code") continue;
    if (TYPESCRIPT.has(block.lang) && (page.path.startsWith("qstash/sdks/ts/") || TS_CLIENT.test(block.text))) {
      const workflow =
        /from\s+["']@upstash\/workflow/.test(block.text) ||
        (!/from\s+["']@upstash\/qstash/.test(block.text) && page.path.startsWith("workflow/"));
      out.push({
        page: page.path,
        block,
        language: "typescript",
        sdk: workflow ? "@upstash/workflow" : "@upstash/qstash",
        javascript: block.lang.startsWith("j") || block.lang === "mjs",
        ...(OLD_AND_NEW.test(block.text) ? { leftOut: OLD_AND_NEW_REASON } : {}),
      });
    } else if (PYTHON.has(block.lang) && (page.path.startsWith("qstash/sdks/py/") || PY_CLIENT.test(block.text))) {
      const workflow = /^\s*(?:from|import)\s+upstash_workflow\b/m.test(block.text);
      out.push({
        page: page.path,
        block,
        language: "python",
        sdk: "qstash-py",
        javascript: false,
        ...(workflow
          ? { leftOut: "shows the Python Workflow SDK (upstash-workflow), which this project does not pin" }
          : OLD_AND_NEW.test(block.text)
            ? { leftOut: OLD_AND_NEW_REASON }
            : {}),
      });
    }
  }
  return out;
}
