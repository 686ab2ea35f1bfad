import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The client's entry as a consumer imports it (the sources; the declarations the package ships say the same). */
export const ENTRY = join(ROOT, "src/index.ts");

/** What the compiler says about one snippet: each diagnostic as one line (code, then the flattened text). */
export interface Said {
  codes: number[];
  lines: string[];
}

/**
 * Compiles consumer snippets with the TypeScript compiler API, all in one program (one check of the
 * client's types), each snippet its own module, and returns what the compiler says about each:
 * the text a user sees, which vitest's typecheck mode and `@ts-expect-error` cannot pin.
 * `prelude` is put above every snippet (imports, a client).
 */
export function compileSnippets(prelude: string, snippets: readonly string[]): Said[] {
  const names = snippets.map((_, i) => join(ROOT, `tests/client/__snippet_${i}.ts`));
  const sources = new Map(names.map((name, i) => [name, `${prelude}\nexport async function snippet() {\n${snippets[i]}\n}\n`]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, version, ...rest) =>
    sources.has(name) ? ts.createSourceFile(name, sources.get(name)!, version) : getSourceFile.call(host, name, version, ...rest);
  host.fileExists = (name) => sources.has(name) || fileExists.call(host, name);
  host.readFile = (name) => sources.get(name) ?? readFile.call(host, name);
  const program = ts.createProgram(names, options, host);
  return names.map((name) => {
    const diagnostics = [...program.getSyntacticDiagnostics(program.getSourceFile(name)), ...program.getSemanticDiagnostics(program.getSourceFile(name))];
    return {
      codes: diagnostics.map((d) => d.code),
      lines: diagnostics.map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`),
    };
  });
}
