import { join } from "node:path";
import ts from "typescript";

/**
 * Compiles TypeScript snippets against the installed SDK types, in strict mode, all in one program.
 * A snippet is a fragment: it may use a `client`, a `req` or a `Client` it never declares, import a
 * framework that is not installed, or `return` from a handler it leaves out. What it leaves out is
 * declared for it (an SDK's own export as that export, anything else as `any`), and a body that
 * returns is wrapped in a function; only what remains is reported: a diagnostic of the snippet
 * against the SDK it shows. A snippet that does not parse (an elision written `...`) is not compiled.
 */

export interface SnippetSource {
  text: string;
  sdk: "@upstash/qstash" | "@upstash/workflow";
  javascript: boolean;
  /** The block holds JSX (marked tsx or jsx). */
  jsx: boolean;
}

export interface SnippetDiagnostic {
  /** 1-based line within the snippet. */
  line: number;
  code: number;
  message: string;
  /** The name the diagnostic stands on, with the object properties around it (`body.userId`), if any. */
  at?: string;
}

export interface CompiledSnippet {
  /** The first syntax error, when the snippet does not parse. */
  syntax?: SnippetDiagnostic;
  /** Names the snippet uses and never declares, declared for it. */
  elided: string[];
  /** Modules it imports that are not installed, declared as `any`. */
  elidedModules: string[];
  /** Its body returns, so it was compiled as a function's body (`snippetBody`). */
  wrapped: boolean;
  /** The snippet's code as compiled: wrapped when it returns, without the declarations added for it. */
  source: string;
  diagnostics: SnippetDiagnostic[];
  /** SDK members it calls, as `Class.member` (`DLQ.listMessages`). */
  calls: string[];
}

/** Where the virtual files live: inside the project, so that node_modules resolves as for a reader's file. */
const ROOT = join(process.cwd(), ".docs-snippets");
const AMBIENT = join(ROOT, "elided-modules.d.ts");
const OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  skipLibCheck: true,
  noEmit: true,
  // The DOM's fetch types, as a reader's Next.js or Workers project has them (`response.json()` is any).
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  types: ["node"],
};
/** Names a snippet uses that the checker cannot find (2304, 2552 with a suggestion, 18004 in a shorthand). */
const UNKNOWN_NAME = new Set([2304, 2552, 18004]);
const UNKNOWN_MODULE = 2307;
const RETURN_OUTSIDE_FUNCTION = 1108;
/** A type imported from a module declared `any` for the snippet reads as a namespace: not the snippet's fault. */
const NAMESPACE_AS_TYPE = 2709;
/**
 * A block that shows alternatives one after the other (`const { runs } = …` three times) redeclares its
 * names: a matter of the page's layout, not of the SDK it shows.
 */
const REDECLARED = new Set([2451, 2300]);
/** Implicit-any diagnostics (7xxx): a JavaScript block has no annotations to give. */
const IMPLICIT_ANY = (code: number) => code >= 7000 && code < 8000;
/** The conventional name of an SDK client instance, typed as the snippet's SDK client when left out. */
const CLIENT_INSTANCE = "client";

export function compileSnippets(snippets: SnippetSource[]): CompiledSnippet[] {
  const files = snippets.map((s, i) => join(ROOT, `snippet-${i}.${s.jsx ? "tsx" : "ts"}`));
  const texts = new Map<string, string>(files.map((file, i) => [file, `${snippets[i].text}\nexport {};\n`]));
  texts.set(join(ROOT, "sdk-exports.ts"), EXPORTS_PROBE);
  texts.set(AMBIENT, "");
  const first = program(texts);
  const exported = sdkExports(first);

  // Second pass: each snippet with what it leaves out declared, and a returning body wrapped.
  const plans = files.map((file, i) => plan(first, file, snippets[i], exported));
  const modules = [...new Set(plans.flatMap((p) => p.modules))].sort();
  texts.set(AMBIENT, modules.map((m) => `declare module ${JSON.stringify(m)};`).join("\n"));
  files.forEach((file, i) => texts.set(file, plans[i].text));
  const second = program(texts, first);
  const checker = second.getTypeChecker();
  return files.map((file, i) => {
    const source = second.getSourceFile(file)!;
    const syntax = second.getSyntacticDiagnostics(source)[0];
    const base = {
      elided: plans[i].names,
      elidedModules: plans[i].modules,
      wrapped: plans[i].wrapped,
      source: plans[i].body,
    };
    if (syntax) return { ...base, syntax: diagnostic(syntax), diagnostics: [], calls: [] };
    const diagnostics = second
      .getSemanticDiagnostics(source)
      .filter((d) => !(snippets[i].javascript && IMPLICIT_ANY(d.code)))
      .filter((d) => !(plans[i].modules.length && d.code === NAMESPACE_AS_TYPE))
      .filter((d) => !REDECLARED.has(d.code))
      .filter((d) => d.start === undefined || d.start < plans[i].ownLength)
      .map(diagnostic);
    return { ...base, diagnostics, calls: sdkCalls(source, checker) };
  });
}

const EXPORTS_PROBE = [
  'import * as qstash from "@upstash/qstash";',
  'import * as workflow from "@upstash/workflow";',
  "export { qstash, workflow };",
].join("\n");

function program(texts: Map<string, string>, old?: ts.Program): ts.Program {
  const host = ts.createCompilerHost(OPTIONS);
  const { fileExists, readFile, getSourceFile } = host;
  // Library and package declarations are parsed once for both passes.
  const parsed = new Map(
    (old?.getSourceFiles() ?? []).filter((f) => !texts.has(f.fileName)).map((f) => [f.fileName, f]),
  );
  host.fileExists = (file) => texts.has(file) || fileExists(file);
  host.readFile = (file) => texts.get(file) ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) =>
    texts.has(file)
      ? ts.createSourceFile(file, texts.get(file)!, language, true)
      : (parsed.get(file) ?? getSourceFile(file, language, ...rest));
  return ts.createProgram({ rootNames: [...texts.keys()], options: OPTIONS, host, oldProgram: old });
}

/** The value names each SDK package exports (`Client`, `Receiver`, `serve`…). */
function sdkExports(first: ts.Program): Record<SnippetSource["sdk"], Set<string>> {
  const checker = first.getTypeChecker();
  const probe = first.getSourceFile(join(ROOT, "sdk-exports.ts"))!;
  const names = (index: number) => {
    const declaration = probe.statements[index] as ts.ImportDeclaration;
    const symbol = checker.getSymbolAtLocation(declaration.moduleSpecifier);
    return new Set(symbol ? checker.getExportsOfModule(symbol).map((s) => s.name) : []);
  };
  return { "@upstash/qstash": names(0), "@upstash/workflow": names(1) };
}

interface Plan {
  text: string;
  body: string;
  /** Length of the snippet's own text in `text` (declarations follow it). */
  ownLength: number;
  names: string[];
  modules: string[];
  wrapped: boolean;
}

/** What the second pass compiles for one snippet. */
function plan(
  first: ts.Program,
  file: string,
  snippet: SnippetSource,
  exported: Record<SnippetSource["sdk"], Set<string>>,
): Plan {
  const source = first.getSourceFile(file)!;
  const found = first.getSemanticDiagnostics(source);
  const syntactic = first.getSyntacticDiagnostics(source);
  const names = [...new Set(found.filter((d) => UNKNOWN_NAME.has(d.code)).map((d) => quoted(d) ?? ""))].filter(Boolean);
  const modules = [...new Set(found.filter((d) => d.code === UNKNOWN_MODULE).map((d) => quoted(d) ?? ""))].filter(
    Boolean,
  );
  const wrapped =
    syntactic.some((d) => d.code === RETURN_OUTSIDE_FUNCTION) || found.some((d) => d.code === RETURN_OUTSIDE_FUNCTION);
  const body = wrapped ? wrapBody(snippet.text) : snippet.text;
  const own = `${body}\nexport {};\n`;
  const declarations = names.map((name) => declaration(name, snippet.sdk, exported));
  return { text: `${own}${declarations.join("\n")}\n`, body, ownLength: own.length, names, modules, wrapped };
}

function declaration(
  name: string,
  sdk: SnippetSource["sdk"],
  exported: Record<SnippetSource["sdk"], Set<string>>,
): string {
  const module = JSON.stringify(sdk);
  if (name === CLIENT_INSTANCE) return `declare const client: import(${module}).Client;`;
  const from = exported[sdk].has(name)
    ? sdk
    : (["@upstash/qstash", "@upstash/workflow"] as const).find((p) => exported[p].has(name));
  if (from) {
    const m = JSON.stringify(from);
    return `declare const ${name}: typeof import(${m}).${name};\ntype ${name} = import(${m}).${name};`;
  }
  return `declare const ${name}: any;\ntype ${name} = any;`;
}

/** A handler's body shown without its function: kept line for line inside an async function. */
function wrapBody(text: string): string {
  const lines = text.split("\n");
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*import\b/.test(lines[i])) {
      while (i < lines.length && !/\bfrom\s+["'][^"']+["']|^\s*import\s+["']/.test(lines[i])) i++;
      start = i + 1;
    } else if (lines[i].trim()) break;
  }
  lines[start] = `async function snippetBody() { ${lines[start] ?? ""}`;
  return `${lines.join("\n")}\n}`;
}

function quoted(d: ts.Diagnostic): string | undefined {
  return /'([^']+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, " "))?.[1];
}

function diagnostic(d: ts.Diagnostic): SnippetDiagnostic {
  const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 1;
  const at = d.file && d.start !== undefined ? nameAt(d.file, d.start) : undefined;
  return {
    line,
    code: d.code,
    message: ts.flattenDiagnosticMessageText(d.messageText, " ").slice(0, 300),
    ...(at ? { at } : {}),
  };
}

/** The identifier at a position, prefixed by the names of the object properties that enclose it. */
function nameAt(file: ts.SourceFile, position: number): string | undefined {
  const find = (node: ts.Node): ts.Node | undefined =>
    position >= node.getStart(file) && position < node.getEnd() ? (ts.forEachChild(node, find) ?? node) : undefined;
  const node = find(file);
  if (!node || !ts.isIdentifier(node)) return undefined;
  const names = [node.text];
  for (let up = node.parent; up && !ts.isSourceFile(up); up = up.parent) {
    if (
      (ts.isPropertyAssignment(up) || ts.isShorthandPropertyAssignment(up)) &&
      up.name !== node &&
      ts.isIdentifier(up.name)
    )
      names.unshift(up.name.text);
    if (ts.isCallExpression(up) || ts.isNewExpression(up)) break;
  }
  return names.join(".");
}

/** `Class.member` of every SDK member the snippet calls or constructs. */
function sdkCalls(source: ts.SourceFile, checker: ts.TypeChecker): string[] {
  const calls = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const local = checker.getSymbolAtLocation(
        ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression,
      );
      // An imported name is an alias of the SDK's own declaration.
      const symbol = local && local.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(local) : local;
      const declaration = symbol?.declarations?.[0];
      if (symbol && declaration && /node_modules\/@upstash\//.test(declaration.getSourceFile().fileName)) {
        const owner = (declaration.parent as ts.Node & { name?: ts.Identifier }).name?.text;
        calls.add(owner && !ts.isSourceFile(declaration.parent) ? `${owner}.${symbol.name}` : symbol.name);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...calls].sort();
}
