/**
 * Reads the literal values that request snippets are built from (JavaScript object literals,
 * Python dicts and lists, strings), tolerant of trailing commas and unquoted keys. Anything
 * that is not a literal comes back as an Expression holding its source text.
 */

export class Expression {
  constructor(readonly source: string) {}
}

/** `JSON.stringify(value)` in a snippet. */
export class Stringified {
  constructor(readonly value: unknown) {}
}

export type Literal =
  | string
  | number
  | boolean
  | null
  | Literal[]
  | { [key: string]: Literal }
  | Expression
  | Stringified;

export interface ParseResult {
  value: Literal;
  /** Index just past the value. */
  end: number;
}

const KEYWORDS: Record<string, Literal> = {
  true: true,
  false: false,
  null: null,
  True: true,
  False: false,
  None: null,
};

/** Parses the literal starting at `start` (leading blanks skipped). */
export function parseLiteral(text: string, start = 0): ParseResult {
  let i = skip(text, start);
  const c = text[i];
  if (c === "{" || c === "[") {
    const close = c === "{" ? "}" : "]";
    const isObject = c === "{";
    const object: Record<string, Literal> = {};
    const list: Literal[] = [];
    i = skip(text, i + 1);
    while (i < text.length && text[i] !== close) {
      if (isObject) {
        const key = readKey(text, i);
        i = skip(text, key.end);
        if (text[i] === ":") {
          const value = parseLiteral(text, i + 1);
          object[key.key] = value.value;
          i = value.end;
        } else {
          // Shorthand `{ body }`: the value is the variable of that name.
          object[key.key] = new Expression(key.key);
        }
      } else {
        const value = parseLiteral(text, i);
        list.push(value.value);
        i = value.end;
      }
      i = skip(text, i);
      if (text[i] === ",") i = skip(text, i + 1);
      else if (text[i] !== close) return { value: new Expression(text.slice(start, i).trim()), end: i };
    }
    return { value: isObject ? object : list, end: i + 1 };
  }
  if (c === '"' || c === "'" || c === "`") return readString(text, i);
  const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
  if (number) return { value: Number(number[0]), end: i + number[0].length };
  const stringify = /^JSON\.stringify\s*\(/.exec(text.slice(i));
  if (stringify) {
    const inner = parseLiteral(text, i + stringify[0].length);
    const end = skip(text, inner.end);
    return { value: new Stringified(inner.value), end: text[end] === ")" ? end + 1 : end };
  }
  const word = /^[A-Za-z_$][\w$.]*/.exec(text.slice(i));
  if (word && word[0] in KEYWORDS && !/^[\w$(]/.test(text[i + word[0].length] ?? ""))
    return { value: KEYWORDS[word[0]], end: i + word[0].length };
  const end = expressionEnd(text, i);
  return { value: new Expression(text.slice(i, end).trim()), end };
}

function skip(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith("//", i) || text[i] === "#") while (i < text.length && text[i] !== "\n") i++;
    else return i;
  }
}

function readKey(text: string, i: number): { key: string; end: number } {
  if (text[i] === '"' || text[i] === "'") {
    const s = readString(text, i);
    return { key: String(s.value), end: s.end };
  }
  const word = /^[^\s:,}]+/.exec(text.slice(i))?.[0] ?? "";
  return { key: word, end: i + word.length };
}

function readString(text: string, i: number): ParseResult {
  const quote = text[i];
  let out = "";
  let j = i + 1;
  for (; j < text.length && text[j] !== quote; j++) {
    if (text[j] === "\\" && quote !== "`" && j + 1 < text.length) {
      const next = text[++j];
      out += next === "n" ? "\n" : next === "t" ? "\t" : next;
    } else out += text[j];
  }
  return { value: out, end: j + 1 };
}

/** The end of an expression that is not a literal: the next `,` or closing bracket at depth 0. */
function expressionEnd(text: string, i: number): number {
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === "`") i = readString(text, i).end - 1;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) {
      if (depth === 0) return i;
      depth--;
    } else if ((c === "," || c === "\n" || c === ";") && depth === 0) return i;
  }
  return i;
}

/** A literal as plain JSON data; expressions become undefined. */
export function toData(value: Literal): unknown {
  if (value instanceof Expression) return undefined;
  if (value instanceof Stringified) return JSON.stringify(toData(value.value as Literal));
  if (Array.isArray(value)) return value.map(toData);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toData(v)]));
  return value;
}

/** `const name = …` / `name = …` assignments of a block, by name. */
export function assignments(code: string): Map<string, Literal> {
  const found = new Map<string, Literal>();
  for (const match of code.matchAll(/^[ \t]*(?:(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*=(?!=)\s*/gm)) {
    // The first assignment is the definition; later `name=name` are keyword arguments of a call.
    if (!found.has(match[1])) found.set(match[1], parseLiteral(code, match.index! + match[0].length).value);
  }
  return found;
}
