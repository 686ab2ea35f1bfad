import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CapturedName, CapturedRequest, SdkCapture } from "./capture-types.ts";

/**
 * Static capture of the REST requests the Go QStash SDK (upstash/qstash-go) builds. No Go toolchain
 * is needed: the SDK builds every request as one `requestOptions{method, path, params, header, body}`
 * literal, and the names it can send are set in a handful of helpers (`params()`, `headers()`,
 * `prepareHeaders`, `json.Marshal` of a map or a tagged struct). This reads those forms and nothing
 * else; anything it cannot follow is reported as unresolved, never guessed.
 */

interface GoFunction {
  file: string;
  line: number;
  receiverType?: string;
  name: string;
  params: { name: string; type: string }[];
  /** Body lines with their 1-based line numbers. */
  lines: { text: string; line: number }[];
}

interface GoSource {
  functions: GoFunction[];
  constants: Map<string, string>;
  /** `contentTypeJson = http.Header{"Content-Type": …}` → its keys. */
  headerVars: Map<string, CapturedName[]>;
  /** Struct type → its JSON field names (json tags). */
  structs: Map<string, CapturedName[]>;
}

const HTTP_METHODS: Record<string, string> = {
  MethodGet: "GET",
  MethodPost: "POST",
  MethodPut: "PUT",
  MethodPatch: "PATCH",
  MethodDelete: "DELETE",
};

export function captureGo(checkout: string): {
  captures: SdkCapture[];
  unresolved: { file: string; line: number; what: string }[];
} {
  const source = readSource(checkout);
  const captures: SdkCapture[] = [];
  const unresolved: { file: string; line: number; what: string }[] = [];
  for (const fn of source.functions) {
    if (!fn.receiverType || !/^[A-Z]/.test(fn.name)) continue;
    for (const literal of requestLiterals(fn)) {
      const problems: string[] = [];
      const request = describe(source, fn, literal.fields, problems);
      const call = `${fn.receiverType}.${fn.name}`;
      captures.push({ class: fn.receiverType, method: fn.name, call, file: fn.file, line: literal.line, request });
      unresolved.push(...problems.map((what) => ({ file: fn.file, line: literal.line, what })));
    }
  }
  return { captures, unresolved };
}

function readSource(checkout: string): GoSource {
  const source: GoSource = { functions: [], constants: new Map(), headerVars: new Map(), structs: new Map() };
  const files = readdirSync(checkout)
    .filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"))
    .sort();
  for (const file of files) {
    const lines = readFileSync(join(checkout, file), "utf8").split("\n");
    lines.forEach((text, index) => {
      const constant = /^\s*(\w+)\s*=\s*"([^"]*)"\s*$/.exec(text);
      if (constant) source.constants.set(constant[1], constant[2]);
      const headerVar = /^\s*(?:var\s+)?(\w+)\s*=\s*http\.Header\{(.*)\}\s*$/.exec(text);
      if (headerVar) source.headerVars.set(headerVar[1], quotedKeys(headerVar[2], index + 1));
    });
    readStructs(lines, source.structs);
    source.functions.push(...readFunctions(file, lines));
  }
  return source;
}

function readStructs(lines: string[], structs: Map<string, CapturedName[]>): void {
  for (let i = 0; i < lines.length; i++) {
    const start = /^type (\w+) struct \{/.exec(lines[i]);
    if (!start) continue;
    const fields: CapturedName[] = [];
    for (let j = i + 1; j < lines.length && !/^\}/.test(lines[j]); j++) {
      const tag = /json:"([^",]+)/.exec(lines[j]);
      if (tag && tag[1] !== "-") fields.push({ name: tag[1], line: j + 1 });
    }
    structs.set(start[1], fields);
  }
}

function readFunctions(file: string, lines: string[]): GoFunction[] {
  const functions: GoFunction[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith("func ")) continue;
    // A signature may run over several lines (one parameter per line): read up to the body's `{`.
    let signature = lines[i];
    let last = i;
    while (!/\{\s*$/.test(signature) && last + 1 < lines.length && last - i < 40)
      signature += ` ${lines[++last].trim()}`;
    const head = /^func (?:\((\w+) \*?(\w+)\) )?(\w+)\(([^)]*)\)/.exec(signature);
    if (!head) continue;
    const params = head[4]
      .split(",")
      .map((p) => p.trim().split(/\s+/))
      .filter((p) => p.length === 2)
      .map(([name, type]) => ({ name, type: type.replace(/^\[\]/, "").replace(/^\*/, "") }));
    const body: { text: string; line: number }[] = [];
    let depth = braceDelta(signature);
    for (let j = last + 1; depth > 0 && j < lines.length; j++) {
      body.push({ text: lines[j], line: j + 1 });
      depth += braceDelta(lines[j]);
    }
    functions.push({ file, line: i + 1, receiverType: head[2], name: head[3], params, lines: body });
    i = last;
  }
  return functions;
}

/** Net `{` minus `}` outside strings, runes and comments. */
function braceDelta(text: string): number {
  const code = text.replace(/\/\/.*$/, "").replace(/"(?:[^"\\]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)'/g, "");
  return (code.match(/\{/g)?.length ?? 0) - (code.match(/\}/g)?.length ?? 0);
}

/** Each `requestOptions{…}` literal in a function, as field → expression. */
function requestLiterals(fn: GoFunction): { line: number; fields: Map<string, string> }[] {
  const literals: { line: number; fields: Map<string, string> }[] = [];
  fn.lines.forEach((entry, index) => {
    if (!entry.text.includes("requestOptions{")) return;
    let text = entry.text.slice(entry.text.indexOf("requestOptions{") + "requestOptions{".length);
    let depth = 1 + braceDelta(text);
    for (let j = index + 1; depth > 0 && j < fn.lines.length; j++) {
      text += `\n${fn.lines[j].text}`;
      depth += braceDelta(fn.lines[j].text);
    }
    const fields = new Map<string, string>();
    for (const part of splitTopLevel(text.slice(0, text.lastIndexOf("}")))) {
      const field = /^\s*(\w+)\s*:\s*([\s\S]+?)\s*$/.exec(part);
      if (field) fields.set(field[1], field[2]);
    }
    literals.push({ line: entry.line, fields });
  });
  return literals;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  let quote: string | null = null;
  for (const char of text) {
    if (quote) {
      current += char;
      if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "`") quote = char;
    if ("({[".includes(char)) depth++;
    if (")}]".includes(char)) depth--;
    if ((char === "," || char === "\n") && depth === 0) {
      if (current.trim()) parts.push(current);
      current = "";
    } else current += char;
  }
  if (current.trim()) parts.push(current);
  return parts;
}

function describe(source: GoSource, fn: GoFunction, fields: Map<string, string>, problems: string[]): CapturedRequest {
  const methodExpr = fields.get("method") ?? "";
  const method = HTTP_METHODS[methodExpr.replace("http.", "")] ?? null;
  if (!method) problems.push(`method ${methodExpr || "(none)"} is not an http.Method constant`);
  return {
    method,
    path: pathTemplate(fields.get("path"), problems),
    query: fields.has("params") ? namesFromCall(source, fn, fields.get("params")!, problems) : [],
    headers: fields.has("header") ? headerNames(source, fn, fields.get("header")!, problems) : [],
    body: fields.has("body") ? bodyOf(source, fn, fields.get("body")!, problems) : { kind: "none" },
  };
}

function pathTemplate(expr: string | undefined, problems: string[]): string | null {
  if (!expr) return null;
  const literal = /^"([^"]*)"$/.exec(expr);
  if (literal) return literal[1];
  const sprintf = /^fmt\.Sprintf\("([^"]*)",\s*(.*)\)$/s.exec(expr);
  if (!sprintf) {
    problems.push(`path ${expr} is neither a literal nor fmt.Sprintf`);
    return null;
  }
  const args = splitTopLevel(sprintf[2]).map((a) => a.trim());
  let next = 0;
  return sprintf[1].replace(/%[sdv]/g, () => `{${args[next++] ?? "?"}}`);
}

/** `options.params()` → the names its url.Values gets, from the method of the argument's type. */
function namesFromCall(source: GoSource, fn: GoFunction, expr: string, problems: string[]): CapturedName[] {
  const call = /^(\w+)\.(\w+)\(\)$/.exec(expr);
  const type = call && typeOf(fn, call[1]);
  const helper = type && source.functions.find((f) => f.receiverType === type && f.name === call![2]);
  if (!helper) {
    problems.push(`cannot follow ${expr}`);
    return [];
  }
  return unique(
    helper.lines.flatMap((l) =>
      [...l.text.matchAll(/\.(?:Set|Add)\("([^"]+)"/g)].map((m) => ({ name: m[1], line: l.line })),
    ),
  );
}

function headerNames(source: GoSource, fn: GoFunction, expr: string, problems: string[]): CapturedName[] {
  if (source.headerVars.has(expr)) return source.headerVars.get(expr)!;
  const literal = /^map\[string\]\[\]string\{(.*)\}$/s.exec(expr);
  if (literal)
    return quotedKeys(literal[1], fn.lines.find((l) => l.text.includes("map[string][]string{"))?.line ?? fn.line);
  const call = /^(\w+)\.headers\(\)$/.exec(expr);
  const type = call && typeOf(fn, call[1]);
  const helper = type && source.functions.find((f) => f.receiverType === type && f.name === "headers");
  if (!helper) {
    problems.push(`cannot follow header ${expr}`);
    return [];
  }
  return headersBuiltBy(source, helper);
}

/** Names a headers helper sets itself or through the shared function it returns, minus those whose argument is left empty. */
function headersBuiltBy(source: GoSource, helper: GoFunction): CapturedName[] {
  const text = helper.lines.map((l) => l.text).join("\n");
  const delegated = /return (\w+)\(([\s\S]*?)\)\s*\n\s*\}?/.exec(text);
  const shared = delegated && source.functions.find((f) => !f.receiverType && f.name === delegated[1]);
  if (!shared) return headerSets(source, helper, new Set());
  const args = splitTopLevel(delegated![2]).map((a) => a.trim());
  const leftEmpty = (index: number) => ['""', "nil", "false"].includes(args[index] ?? "");
  const empty = new Set(shared.params.filter((_, index) => leftEmpty(index)).map((p) => p.name));
  return headerSets(source, shared, empty);
}

/** `header.Set(X, …)` and `header[X] = …` in a function, skipping sets guarded by a parameter left empty. */
function headerSets(source: GoSource, fn: GoFunction, emptyParams: Set<string>): CapturedName[] {
  const names: CapturedName[] = [];
  const guards: { indent: number; param: string | null }[] = [];
  for (const { text, line } of fn.lines) {
    const indent = text.length - text.trimStart().length;
    while (guards.length && guards.at(-1)!.indent >= indent && !text.trim().startsWith("}")) guards.pop();
    const guard = /^\s*if (?:m\.)?(\w+)(?: != (?:""|nil))? \{/.exec(text);
    if (guard) {
      guards.push({ indent, param: guard[1] });
      continue;
    }
    if (guards.some((g) => g.param && emptyParams.has(g.param))) continue;
    const key = /\.Set\((\w+|"[^"]+"),/.exec(text)?.[1] ?? /^\s*\w+\[(\w+|"[^"]+")\]\s*=/.exec(text)?.[1];
    if (!key) continue;
    if (key.startsWith('"')) names.push({ name: key.slice(1, -1), line });
    else if (source.constants.has(key)) names.push({ name: source.constants.get(key)!, line });
    else {
      // A caller's header renamed into a family first: `k = fmt.Sprintf("%s-%s", upstashForwardHeader, k)`.
      const family = fn.lines.find((l) =>
        new RegExp(`^\\s*${key} = fmt\\.Sprintf\\("%s-%s", (\\w+), ${key}\\)`).test(l.text),
      );
      const prefix = family && /Sprintf\("%s-%s", (\w+),/.exec(family.text)![1];
      if (prefix && source.constants.has(prefix))
        names.push({ name: `${source.constants.get(prefix)}-*`, line: family!.line });
    }
  }
  return unique(names);
}

function bodyOf(source: GoSource, fn: GoFunction, expr: string, problems: string[]): CapturedRequest["body"] {
  const marshalled = /^string\((\w+)\)$/.exec(expr);
  if (!marshalled) return { kind: "raw" };
  const assignment = fn.lines.find((l) => new RegExp(`\\b${marshalled[1]}, err :?= json\\.Marshal\\(`).test(l.text));
  if (!assignment) {
    problems.push(`cannot find json.Marshal into ${marshalled[1]}`);
    return { kind: "raw" };
  }
  const start = fn.lines.indexOf(assignment);
  const text = fn.lines
    .slice(start, start + 6)
    .map((l) => l.text)
    .join("\n");
  const argument = /json\.Marshal\(([\s\S]*?)\)\s*\n\s*if err/.exec(text)?.[1].trim() ?? "";
  const map = /^map\[string\][^{]+\{([\s\S]*)\}$/.exec(argument);
  if (map) return { kind: "json", fields: quotedKeys(map[1], assignment.line) };
  if (/^\w+\.Body$/.test(argument)) return { kind: "raw" };
  const type = typeOf(fn, argument);
  if (type && source.structs.has(type)) return { kind: "json", fields: source.structs.get(type)! };
  const entries = fn.lines.find((l) =>
    new RegExp(`^\\s*${argument}\\[\\w+\\] = map\\[string\\]interface\\{\\}\\{`).test(l.text),
  );
  if (entries) return batchBody(source, fn, entries);
  problems.push(`cannot follow json.Marshal(${argument})`);
  return { kind: "raw" };
}

/** A batch: a slice of maps, one per message, whose `headers` come from the option's headers(). */
function batchBody(source: GoSource, fn: GoFunction, start: { text: string; line: number }): CapturedRequest["body"] {
  const index = fn.lines.indexOf(start);
  const fields: CapturedName[] = [];
  let entryHeaders: CapturedName[] = [];
  for (let j = index + 1; j < fn.lines.length && !/^\s*\}\s*$/.test(fn.lines[j].text); j++) {
    const field = /^\s*"(\w+)":\s*(.+?),?\s*$/.exec(fn.lines[j].text);
    if (!field) continue;
    fields.push({ name: field[1], line: fn.lines[j].line });
    const headers = /^(\w+)\.headers\(\)$/.exec(field[2]);
    const loop = headers && fn.lines.find((l) => new RegExp(`for \\w+, ${headers[1]} := range (\\w+)`).test(l.text));
    const type = loop && typeOf(fn, /range (\w+)/.exec(loop.text)![1]);
    const helper = type && source.functions.find((f) => f.receiverType === type && f.name === "headers");
    if (helper) entryHeaders = headersBuiltBy(source, helper);
  }
  return { kind: "json", fields, ...(entryHeaders.length ? { entryHeaders } : {}) };
}

function typeOf(fn: GoFunction, variable: string): string | undefined {
  return fn.params.find((p) => p.name === variable)?.type;
}

/** `"key": value` keys of a literal that starts on `line`, each with the line it sits on. */
function quotedKeys(text: string, line: number): CapturedName[] {
  return [...text.matchAll(/"([^"]+)"\s*:/g)].map((m) => ({
    name: m[1],
    line: line + (text.slice(0, m.index).match(/\n/g)?.length ?? 0),
  }));
}

function unique(names: CapturedName[]): CapturedName[] {
  const seen = new Set<string>();
  return names.filter((n) => !seen.has(n.name) && seen.add(n.name));
}
