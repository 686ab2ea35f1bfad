import { parseMdx, type Item, type Page, type TextLine } from "./mdx.ts";
import type { DocsSource } from "./source.ts";

/** How deep snippets may include snippets: the docs use one level; a cycle must still end. */
const MAX_DEPTH = 4;

export interface ReadPage extends Page {
  path: string;
  /** Snippets named by the page that the checkout does not have. */
  missingSnippets: string[];
}

/** A page with every `<Snippet file=…/>` replaced by the snippet's own items and prose, their origin kept. */
export function readPage(source: DocsSource, path: string): ReadPage {
  const page = parseMdx(source.read(path), path);
  const missingSnippets: string[] = [];
  const snippetText = new Map<Item, TextLine[]>();
  const expand = (items: Item[], depth: number): Item[] =>
    items.flatMap((item) => {
      if (item.type === "code" || item.name !== "Snippet" || typeof item.attrs.file !== "string") return [item];
      const file = source.snippet(item.attrs.file);
      if (!file || depth >= MAX_DEPTH) {
        missingSnippets.push(item.attrs.file);
        return [];
      }
      const snippet = parseMdx(source.read(file), file);
      const inner = snippet.items.map((child) => ({
        ...child,
        at: { ...child.at, via: item.at },
        section: child.section || item.section,
      }));
      const text: TextLine[] = snippet.text.map((line) => ({
        ...line,
        at: { ...line.at, via: item.at },
        section: item.section,
      }));
      // The snippet's paragraphs never run into the page's.
      const edge: TextLine = { form: "break", text: "", at: item.at, section: item.section };
      text.unshift(edge);
      text.push(edge);
      snippetText.set(item, [...(snippetText.get(item) ?? []), ...text]);
      return expand(inner, depth + 1);
    });
  const items = expand(page.items, 0);
  return { ...page, items, text: spliceText(page.text, snippetText), path, missingSnippets };
}

/** The page's prose with each included snippet's prose set in at the line of its Snippet tag. */
function spliceText(text: TextLine[], snippets: Map<Item, TextLine[]>): TextLine[] {
  if (!snippets.size) return text;
  const out: TextLine[] = [];
  const pending = [...snippets].map(([tag, lines]) => ({ line: tag.at.via?.line ?? tag.at.line, lines }));
  for (const line of text) {
    while (pending.length && pending[0].line <= line.at.line) out.push(...pending.shift()!.lines);
    out.push(line);
  }
  for (const rest of pending) out.push(...rest.lines);
  return out;
}
