import { relative } from "node:path";
import { LineCounter, parseDocument, isMap, isSeq, isScalar, visit, type Document, type Node } from "yaml";
import { readTextFile } from "./read-source.ts";
import { quickYamlValue } from "./yaml-core.ts";
import { SpecError } from "./spec-error.ts";

/** How many nodes YAML aliases may stand for in one file, all together: an alias bomb stops here. */
export const MAX_ALIAS_COUNT = 100;

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

export function loadYaml(file: string, text?: string): YamlSource {
  const shown = displayPath(file);
  text ??= readTextFile(file, shown);
  const quick = quickYamlValue(text);
  if (quick !== undefined) return writtenYaml(file, text, quick);
  return parseWithPositions(shown, text);
}

/** The careful reading: the whole syntax tree, for positions, alias checks and syntax errors. */
function parseWithPositions(shown: string, text: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const at = lines.linePos(first.pos[0]);
    throw new SpecError(
      shown,
      `${at.line}:${at.col}`,
      `not valid YAML (${first.code}): ${first.message.split("\n")[0]}`,
      "correct the YAML syntax at that place",
    );
  }
  const position = (node: Node | null | undefined) => {
    const offset = node?.range?.[0];
    if (offset === undefined) return "1:1";
    const at = lines.linePos(offset);
    return `${at.line}:${at.col}`;
  };
  checkAliases(doc, shown, position);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const firstAlias = findAlias(doc);
    const where = firstAlias ? position(firstAlias) : "1:1";
    throw new SpecError(
      shown,
      where,
      `YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes (${(error as Error).message.split("\n")[0]})`,
      "write the repeated parts out, or share them with $ref",
    );
  }
  return {
    file: shown,
    value,
    locate: (pointer) => position(nodeAt(doc, pointer)),
  };
}

/** An alias must name an anchor set before it, and must not sit inside the node it repeats (an endless value). */
function checkAliases(doc: Document, shown: string, position: (node: Node) => string): void {
  visit(doc, {
    Alias(_key, alias) {
      const target = alias.resolve(doc);
      if (!target)
        throw new SpecError(
          shown,
          position(alias),
          `alias *${alias.source} names no anchor set before it`,
          `set &${alias.source} on an earlier node, or write the value out`,
        );
      const [start, , end] = target.range ?? [0, 0, 0];
      const at = alias.range?.[0] ?? -1;
      if (at >= start && at < end) {
        throw new SpecError(
          shown,
          position(alias),
          `alias *${alias.source} sits inside the node it repeats, so its value never ends`,
          "write the value out, or use a $ref for a recursive schema",
        );
      }
    },
  });
}

function findAlias(doc: Document): Node | null {
  let found: Node | null = null;
  visit(doc, {
    Alias(_key, alias) {
      found = alias;
      return visit.BREAK;
    },
  });
  return found;
}

/** Walks a JSON pointer down the YAML AST and stops at the deepest node that exists. */
function nodeAt(doc: Document, pointer: string): Node | null {
  let node = doc.contents as Node | null;
  const parts = pointer
    .replace(/^#?\/?/, "")
    .split("/")
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
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

/**
 * A YAML text whose value is already known (written from that value, or read by the quick
 * reader): positions are worked out only if an error needs one.
 */
export function writtenYaml(file: string, text: string, value: unknown): YamlSource {
  const shown = displayPath(file);
  let parsed: YamlSource | undefined;
  return { file: shown, value, locate: (pointer) => (parsed ??= parseWithPositions(shown, text)).locate(pointer) };
}
