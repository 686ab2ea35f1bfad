import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The client's entry as a consumer imports it (the sources; the declarations the package ships say the same). */
export const ENTRY = join(ROOT, "src/index.ts");

/** What the compiler says about one module: each diagnostic as one line (code, then the flattened text). */
export interface Said {
  codes: number[];
  lines: string[];
}

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  types: ["node"],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  // A consumer's import of the package name reaches the sources.
  paths: { "qstash-contract-client": [ENTRY] },
};

/**
 * Compiles consumer modules with the TypeScript compiler API, all in one program (one check of the
 * client's types), and returns what the compiler says about each: the text a user sees, which
 * vitest's typecheck mode and `@ts-expect-error` cannot pin.
 */
export function compileModules(modules: readonly string[]): Said[] {
  const names = modules.map((_, i) => join(ROOT, `tests/src/__consumer_${i}.ts`));
  const sources = new Map(names.map((name, i) => [name, modules[i]!]));
  const host = ts.createCompilerHost(OPTIONS);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, version, ...rest) =>
    sources.has(name)
      ? ts.createSourceFile(name, sources.get(name)!, version)
      : getSourceFile.call(host, name, version, ...rest);
  host.fileExists = (name) => sources.has(name) || fileExists.call(host, name);
  host.readFile = (name) => sources.get(name) ?? readFile.call(host, name);
  const program = ts.createProgram(names, OPTIONS, host);
  return names.map((name) => {
    const file = program.getSourceFile(name);
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    return {
      codes: diagnostics.map((d) => d.code),
      lines: diagnostics.map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`),
    };
  });
}

/** Snippets of statements, each compiled as the body of an async function under `prelude` (imports, a client). */
export function compileSnippets(prelude: string, snippets: readonly string[]): Said[] {
  return compileModules(snippets.map((snippet) => `${prelude}\nexport async function snippet() {\n${snippet}\n}\n`));
}
