/**
 * The proof behind every "stops compiling" and "still compiles" the change report says: callers
 * of openapi-fetch, each written as statements inside an async function with `client` typed from
 * the `paths` openapi-typescript generates for a description, compiled by tsc in one program.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";

export interface Caller {
  /** Unique name of this caller; its diagnostics come back under it. */
  id: string;
  /** The description whose generated types the caller is compiled against. */
  description: object;
  /** Statements run inside `async () => { … }`; `client`, `paths` and `operations` are in scope. */
  statements: string;
}

const require = createRequire(import.meta.url);
const OPENAPI_FETCH = dirname(require.resolve("openapi-fetch/package.json"));

/** tsc's messages for each caller (an empty list: it compiles). */
/** How a caller of the generated types is compiled: strict, openapi-fetch's own types, nothing else. */
export function callerCompilerOptions(dir: string): ts.CompilerOptions {
  return {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: [],
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    baseUrl: dir,
    paths: { "openapi-fetch": [OPENAPI_FETCH] },
  };
}

export async function compileCallers(callers: Caller[]): Promise<Map<string, string[]>> {
  const dir = mkdtempSync(join(tmpdir(), "qstash-diff-callers-"));
  try {
    const schemas = new Map<string, string>();
    const files = new Map<string, string>();
    for (const [index, caller] of callers.entries()) {
      const text = JSON.stringify(caller.description);
      let schema = schemas.get(text);
      if (!schema) {
        // Descriptions shared by several callers (the unchanged base) are generated once.
        schema = `schema-${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
        schemas.set(text, schema);
        const types = astToString(await openapiTS(structuredClone(caller.description) as any, { silent: true }));
        writeFileSync(join(dir, `${schema}.ts`), types);
      }
      const file = join(dir, `caller-${index}.ts`);
      writeFileSync(file, callerSource(schema, caller.statements));
      files.set(caller.id, file);
    }
    const program = ts.createProgram([...files.values()], callerCompilerOptions(dir));
    const diagnostics = new Map<string, string[]>();
    for (const [id, file] of files) {
      const found = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
      diagnostics.set(
        id,
        found.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
      );
    }
    return diagnostics;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function callerSource(schema: string, statements: string): string {
  return [
    `import createClient from "openapi-fetch";`,
    `import type { paths, operations } from "./${schema}.ts";`,
    `const client = createClient<paths>({ baseUrl: "http://localhost:1" });`,
    `export type Operations = operations;`,
    `export async function call(): Promise<void> { ${statements} }`,
    "",
  ].join("\n");
}
