import type { Origin } from "./mdx.ts";
import type { HttpExample } from "./http-example.ts";
import { parseJson } from "./curl.ts";

/**
 * Every `http.NewRequest(method, url, body)` of a Go block, with the headers set on it and a
 * body given as `strings.NewReader(...)` (inline or through a variable).
 */
export function goExamples(code: string, at: Origin): HttpExample[] {
  const found: HttpExample[] = [];
  for (const match of code.matchAll(
    /(\w+)\s*,\s*\w+\s*:?=\s*http\.NewRequest(?:WithContext)?\s*\(\s*(?:\w+\s*,\s*)?"([A-Z]+)"\s*,\s*(?:"([^"]*)"|`([^`]*)`|(\w+))\s*,\s*([^)\n]*(?:\([^)]*\))?[^)\n]*)\)/g,
  )) {
    const [, request, method, url, rawUrl, urlVariable, bodyArg] = match;
    const line = at.line + code.slice(0, match.index).split("\n").length - 1;
    const headers: Record<string, string> = {};
    for (const set of code.matchAll(
      new RegExp(`\\b${request}\\.Header\\.(?:Set|Add)\\(\\s*"([^"]+)"\\s*,\\s*"([^"]*)"\\s*\\)`, "g"),
    ))
      headers[set[1]] = set[2];
    const example: HttpExample = {
      language: "go",
      at: { ...at, line },
      method,
      url: url ?? rawUrl ?? stringVariable(code, urlVariable),
      headers,
      mistakes: [],
    };
    const body = bodyArg.trim();
    if (body !== "nil") {
      const text = readerText(body) ?? readerText(variableValue(code, body) ?? "");
      if (text === undefined) example.problem = `the body is \`${body}\`, not a value on the page`;
      else {
        example.body = text;
        example.bodyData = parseJson(text);
      }
    }
    found.push(example);
  }
  return found;
}

function readerText(expression: string): string | undefined {
  const match =
    /^(?:strings|bytes)\.New(?:Reader|Buffer(?:String)?)\(\s*(?:`([^`]*)`|"((?:[^"\\]|\\.)*)"|\[\]byte\(\s*(?:`([^`]*)`|"((?:[^"\\]|\\.)*)")\s*\))\s*\)$/s.exec(
      expression.trim(),
    );
  if (!match) return undefined;
  const raw = match[1] ?? match[3];
  const quoted = match[2] ?? match[4];
  return raw ?? JSON.parse(`"${quoted}"`);
}

function variableValue(code: string, name: string): string | undefined {
  if (!/^\w+$/.test(name)) return undefined;
  const match = new RegExp(
    `\\b(?:var\\s+)?${name}\\s*:?=\\s*((?:strings|bytes)\\.New\\w+\\((?:\`[^\`]*\`|"(?:[^"\\\\]|\\\\.)*"|[^)])*\\)+)`,
  ).exec(code);
  return match?.[1];
}

function stringVariable(code: string, name: string | undefined): string | undefined {
  if (!name) return undefined;
  return new RegExp(`\\b${name}\\s*:?=\\s*"([^"]*)"`).exec(code)?.[1];
}
