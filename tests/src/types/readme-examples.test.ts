import { readFileSync } from "node:fs";
import { beforeAll, expect, test } from "vitest";
import { compileModules, type Said } from "../../helpers/compile.ts";

// The package's README (client/README.md) is what users copy from: every TypeScript example in it
// compiles against the client's types, and the compiler error it quotes is the one the compiler gives.

const README = readFileSync(new URL("../../../client/README.md", import.meta.url), "utf8");
const BLOCKS = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
/** A fragment (no import of its own) runs after an import and a client named as the README names it. */
const PRELUDE = 'import { createQStashClient } from "qstash-contract-client";\nconst qstash = createQStashClient();\n';
const modules = BLOCKS.map((block) => `${/^import /m.test(block) ? block : PRELUDE + block}\nexport {};\n`);

/** The diagnostics a block quotes in `// error TS…: …` comments, lines joined as the compiler prints them. */
function quoted(block: string): string[] {
  const lines = block
    .split("\n")
    .filter((line) => line.startsWith("// "))
    .map((line) => line.slice(3));
  const start = lines.findIndex((line) => line.startsWith("error TS"));
  if (start === -1) return [];
  const end = lines.findIndex((line, i) => i >= start && line.endsWith("'."));
  return [
    lines
      .slice(start, end + 1)
      .join(" ")
      .replace(/^error /, ""),
  ];
}

let said: Said[];
beforeAll(() => {
  said = compileModules(modules);
}, 120_000);

test("the README has TypeScript examples, one of them quoting a compiler error", () => {
  expect(BLOCKS.length).toBeGreaterThanOrEqual(4);
  expect(BLOCKS.filter((block) => quoted(block).length)).toHaveLength(1);
});

const EXAMPLES = BLOCKS.map((block, i) => [i + 1, block.split("\n")[0]!, i] as const);
test.each(EXAMPLES)("example %i (%s) compiles, or fails exactly as it says", (_n, _first, i) => {
  expect(said[i]!.lines).toEqual(quoted(BLOCKS[i]!));
});
