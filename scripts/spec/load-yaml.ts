import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Document, type Node } from "yaml";
import { SpecError } from "./spec-error.ts";

/** A parsed YAML file that can still say where a value came from. */
export interface YamlSource {
  file: string;
  value: unknown;
  /** `line:col` of the node at a JSON pointer, or of its nearest ancestor that exists. */
  locate(pointer: string): string;
}

export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

export function loadYaml(file: string, text = readText(file)): YamlSource {
  const shown = displayPath(file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const at = lines.linePos(first.pos[0]);
    throw new SpecError(shown, `${at.line}:${at.col}`, `not valid YAML (${first.code}): ${first.message.split("\n")[0]}`, "correct the YAML syntax at that place");
  }
  const position = (node: Node | null | undefined) => {
    const offset = node?.range?.[0];
    if (offset === undefined) return "1:1";
    const at = lines.linePos(offset);
    return `${at.line}:${at.col}`;
  };
  return {
    file: shown,
    value: doc.toJS({ maxAliasCount: 100 }),
    locate: (pointer) => position(nodeAt(doc, pointer)),
  };
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new SpecError(displayPath(file), "", `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`, "check the path");
  }
}

/** Walks a JSON pointer down the YAML AST and stops at the deepest node that exists. */
function nodeAt(doc: Document, pointer: string): Node | null {
  let node = doc.contents as Node | null;
  const parts = pointer.replace(/^#?\/?/, "").split("/").filter(Boolean).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  for (const part of parts) {
    let next: Node | null = null;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === part);
      next = (pair?.value as Node | null) ?? (pair?.key as Node | null) ?? null;
    } else if (isSeq(node)) {
      next = (node.items[Number(part)] as Node | undefined) ?? null;
    }
    if (!next) break;
    node = next;
  }
  return node;
}
