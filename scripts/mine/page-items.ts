import { parseMdx, type Item, type Page } from "./mdx.ts";
import type { DocsSource } from "./source.ts";

/** How deep snippets may include snippets: the docs use one level; a cycle must still end. */
const MAX_DEPTH = 4;

export interface ReadPage extends Page {
  path: string;
  /** Snippets named by the page that the checkout does not have. */
  missingSnippets: string[];
}

/** A page with every `<Snippet file=…/>` replaced by the snippet's own items, their origin kept. */
export function readPage(source: DocsSource, path: string): ReadPage {
  const page = parseMdx(source.read(path), path);
  const missingSnippets: string[] = [];
  const expand = (items: Item[], depth: number): Item[] =>
    items.flatMap((item) => {
      if (item.type === "code" || item.name !== "Snippet" || typeof item.attrs.file !== "string") return [item];
      const file = source.snippet(item.attrs.file);
      if (!file || depth >= MAX_DEPTH) {
        missingSnippets.push(item.attrs.file);
        return [];
      }
      const inner = parseMdx(source.read(file), file).items.map((child) => ({
        ...child,
        at: { ...child.at, via: item.at },
        section: child.section || item.section,
      }));
      return expand(inner, depth + 1);
    });
  return { ...page, items: expand(page.items, 0), path, missingSnippets };
}
