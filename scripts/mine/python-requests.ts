import type { Origin } from "./mdx.ts";
import { headerValue, type HttpExample } from "./http-example.ts";
import { assignments, Expression, parseLiteral, toData, type Literal } from "./literal.ts";

/**
 * Every `requests.<method>(url, …)` call of a Python block, with what requests sends:
 * `json=` as JSON (json.dumps spacing), a dict given as `data=` form-encoded whatever the
 * Content-Type header says, `params=` as the query string.
 */
export function requestsExamples(code: string, at: Origin): HttpExample[] {
  const variables = assignments(code);
  const found: HttpExample[] = [];
  for (const match of code.matchAll(/\brequests\.(get|post|put|patch|delete)\s*\(/g)) {
    const line = at.line + code.slice(0, match.index).split("\n").length - 1;
    const args = callArguments(code, match.index! + match[0].length);
    const value = (name: string) => {
      const v = args.named[name];
      return v instanceof Expression && variables.has(v.source) ? variables.get(v.source) : v;
    };
    const rawUrl =
      args.positional[0] instanceof Expression && variables.has(args.positional[0].source)
        ? variables.get(args.positional[0].source)
        : args.positional[0];
    const headers: Record<string, string> = {};
    const rawHeaders = value("headers");
    if (
      rawHeaders &&
      typeof rawHeaders === "object" &&
      !Array.isArray(rawHeaders) &&
      !(rawHeaders instanceof Expression)
    ) {
      for (const [name, v] of Object.entries(rawHeaders as Record<string, Literal>)) headers[name] = String(toData(v));
    }
    let url = typeof rawUrl === "string" ? rawUrl : undefined;
    const params = toData(value("params") ?? null);
    if (url && params && typeof params === "object") {
      const query = formEncode(params as Record<string, unknown>);
      if (query) url += `${url.includes("?") ? "&" : "?"}${query}`;
    }
    const example: HttpExample = {
      language: "python",
      at: { ...at, line },
      method: match[1].toUpperCase(),
      url,
      headers,
      mistakes: [],
    };
    const json = value("json");
    const data = value("data");
    if (json !== undefined) {
      example.bodyData = toData(json);
      example.body = pythonJson(example.bodyData);
      if (!headerValue(headers, "content-type")) headers["Content-Type"] = "application/json";
    } else if (data !== undefined) {
      example.bodyData = toData(data);
      if (typeof data === "string") example.body = data;
      else if (data instanceof Expression)
        example.problem = `the body is the expression \`${data.source}\`, not a value on the page`;
      else {
        example.body = formEncode(example.bodyData as Record<string, unknown>);
        example.wireNote = "requests form-encodes a dict given as data=, whatever Content-Type says";
        if (!headerValue(headers, "content-type")) headers["Content-Type"] = "application/x-www-form-urlencoded";
      }
    }
    found.push(example);
  }
  return found;
}

function callArguments(code: string, start: number): { positional: Literal[]; named: Record<string, Literal> } {
  const positional: Literal[] = [];
  const named: Record<string, Literal> = {};
  let i = start;
  for (let guard = 0; guard < 50; guard++) {
    while (/[\s,]/.test(code[i] ?? "")) i++;
    if (i >= code.length || code[i] === ")") break;
    const keyword = /^([A-Za-z_]\w*)\s*=(?!=)\s*/.exec(code.slice(i));
    if (keyword) i += keyword[0].length;
    const parsed = parseLiteral(code, i);
    if (keyword) named[keyword[1]] = parsed.value;
    else positional.push(parsed.value);
    i = parsed.end;
  }
  return { positional, named };
}

/** What requests makes of a dict: `k=v&k=v2`, a list giving one pair per item. */
function formEncode(data: Record<string, unknown>): string {
  const pairs = new URLSearchParams();
  for (const [key, value] of Object.entries(data ?? {}))
    for (const item of [value].flat())
      pairs.append(key, typeof item === "object" ? Object.keys(item ?? {}).join("") : String(item));
  return pairs.toString();
}

/** json.dumps with its default separators: `{"a": 1, "b": [1, 2]}`. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (value && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`)
      .join(", ")}}`;
  return JSON.stringify(value ?? null);
}
