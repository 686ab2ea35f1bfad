import { curlExamples } from "./curl.ts";
import { goExamples } from "./go-http.ts";
import type { HttpExample } from "./http-example.ts";
import type { CodeBlock } from "./mdx.ts";
import { fetchExamples } from "./node-fetch.ts";
import { requestsExamples } from "./python-requests.ts";

const SHELL = new Set(["sh", "bash", "shell", "zsh", "curl", "console", "terminal", "plaintext", "text", ""]);
const JAVASCRIPT = new Set(["js", "javascript", "ts", "typescript", "jsx", "tsx", "node", "mjs"]);
const PYTHON = new Set(["py", "python"]);
const GO = new Set(["go", "golang"]);

/** Every HTTP request example of one code block, whatever its language. */
export function blockExamples(block: CodeBlock): HttpExample[] {
  const { lang, text, at } = block;
  if (SHELL.has(lang) && /(^|\s)curl\s/m.test(text)) return curlExamples(text, at);
  if (JAVASCRIPT.has(lang) && /fetch\s*\(/.test(text)) return fetchExamples(text, at);
  if (PYTHON.has(lang) && /requests\./.test(text)) return requestsExamples(text, at);
  if (GO.has(lang) && /http\.NewRequest/.test(text)) return goExamples(text, at);
  return [];
}

/** Where an example sends its request, as far as the judge is concerned. */
export type Target = { kind: "qstash"; url: URL } | { kind: "left-out"; reason: string };

/**
 * QStash's API lives on qstash*.upstash.io (and on the local development server, under /v2/).
 * Anything else is the reader's own endpoint: a workflow route, a webhook receiver.
 */
export function targetOf(example: HttpExample): Target {
  if (example.url === undefined) return { kind: "left-out", reason: "the URL is not a literal on the page" };
  const host = /^(?:[a-z]+:\/\/)?([^/?#]*)/i.exec(example.url)?.[1] ?? "";
  const own = {
    kind: "left-out",
    reason: `calls the reader's own endpoint (${host || "a relative URL"}), not QStash`,
  } as const;
  let url: URL;
  try {
    url = new URL(example.url.replace(/^([a-z]+:\/\/)?<[^>]+>/i, "https://reader.example"));
  } catch {
    return own;
  }
  const qstashHost = /^qstash(-[a-z0-9-]+)?\.upstash\.io$/i.test(url.hostname);
  if (qstashHost || url.pathname.startsWith("/v2/")) return { kind: "qstash", url };
  return own;
}
