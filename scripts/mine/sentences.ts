import type { Origin, Tag, TextLine } from "./mdx.ts";

/** One sentence of a page's prose (a table row counts as one), with where each part of it stands. */
export interface Sentence {
  text: string;
  form: "text" | "list-item" | "table-row";
  section: string;
  /** The `<ParamField>`/`<ResponseField>` the sentence describes, if any. */
  field?: Tag;
  /** The line each stretch of the text starts on: `[offset, origin]`, by increasing offset. */
  origins: [number, Origin][];
}

/** Abbreviations whose period ends no sentence. */
const ABBREVIATION = /\b(e\.g|i\.e|etc|vs|approx|incl|min|max|sec)\.$/i;

/**
 * Groups prose lines into paragraphs (a list item with the lines that continue it; a table row alone)
 * and splits each at sentence ends outside code spans. Headings and blank lines end a paragraph.
 */
export function sentencesOf(text: TextLine[]): Sentence[] {
  const out: Sentence[] = [];
  let open: Sentence | undefined;
  const close = () => {
    if (open) out.push(...split(open));
    open = undefined;
  };
  for (const line of text) {
    if (line.form === "break" || line.form === "heading") {
      close();
      continue;
    }
    const continues = line.form === "text" && open && open.form !== "table-row" && open.field === line.field;
    if (!continues) {
      close();
      const form = line.form === "table-row" ? "table-row" : line.form === "list-item" ? "list-item" : "text";
      open = { text: "", form, section: line.section, field: line.field, origins: [] };
    }
    const sentence = open!;
    if (sentence.text) sentence.text += " ";
    sentence.origins.push([sentence.text.length, line.at]);
    sentence.text += line.text;
  }
  close();
  return out;
}

/** Where in the page a character of the sentence stands. */
export function originAt(sentence: Sentence, offset: number): Origin {
  let found = sentence.origins[0][1];
  for (const [start, at] of sentence.origins) if (start <= offset) found = at;
  return found;
}

/** The page line a sentence starts on (for a snippet's text: the line of its Snippet tag). */
export function lineOf(at: Origin): number {
  return at.via?.line ?? at.line;
}

function split(paragraph: Sentence): Sentence[] {
  if (paragraph.form === "table-row") return [paragraph];
  const parts: Sentence[] = [];
  const text = paragraph.text;
  let start = 0;
  let code = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "`") code = !code;
    if (code || !".!?".includes(c)) continue;
    const next = text.slice(i + 1, i + 3);
    if (!/^\s[A-Z`"'[(*]/.test(next) || ABBREVIATION.test(text.slice(start, i + 1))) continue;
    parts.push(slice(paragraph, start, i + 1));
    start = i + 2;
  }
  if (start < text.length) parts.push(slice(paragraph, start, text.length));
  return parts.filter((part) => part.text.trim());
}

function slice(paragraph: Sentence, from: number, to: number): Sentence {
  const origins: [number, Origin][] = [[0, originAt(paragraph, from)]];
  for (const [start, at] of paragraph.origins) if (start > from && start < to) origins.push([start - from, at]);
  return { ...paragraph, text: paragraph.text.slice(from, to), origins };
}
