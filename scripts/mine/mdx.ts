/**
 * A tolerant reader of the MDX that the docs use: front matter, fenced code blocks and the
 * few components that carry API facts. It keeps line numbers and knows nothing of React.
 */

export const TAGS = [
  "ParamField",
  "ResponseField",
  "Expandable",
  "Snippet",
  "RequestExample",
  "ResponseExample",
] as const;
export type TagName = (typeof TAGS)[number];

export interface Origin {
  /** File the text came from (the page, or a snippet it includes). */
  file: string;
  line: number;
  /** For text pulled in by `<Snippet>`: where the page includes it. */
  via?: Origin;
}

export interface CodeBlock {
  type: "code";
  /** Language word after the fence (`sh`, `js`, …), lower case; "" when none. */
  lang: string;
  /** The rest of the fence line (`curl`, `200 OK`, `Node`). */
  meta: string;
  /** The block's text with the fence's indentation removed. */
  text: string;
  /** Where the block's first content line is. */
  at: Origin;
  /** The `##` heading the block sits under, lower case. */
  section: string;
}

export interface Tag {
  type: "open" | "close" | "self";
  name: TagName;
  attrs: Record<string, string | true>;
  at: Origin;
  section: string;
}

export type Item = CodeBlock | Tag;

/** How a line of prose stands on the page: sentences run across `text` lines up to a `break`. */
export type TextForm = "text" | "list-item" | "table-row" | "heading" | "break";

/** One line of prose (outside code blocks and front matter), with the component tags removed. */
export interface TextLine {
  form: TextForm;
  text: string;
  at: Origin;
  section: string;
  /** The innermost `<ParamField>`/`<ResponseField>` the line describes, if any. */
  field?: Tag;
}

export interface Page {
  frontmatter: Record<string, string>;
  /** The line of each front matter key. */
  frontmatterLines: Record<string, number>;
  items: Item[];
  /** Every line of prose, in page order. */
  text: TextLine[];
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*?)\s*$/;
const TAG = new RegExp(`<(/?)(${TAGS.join("|")})\\b((?:[^>"'{}]|"[^"]*"|'[^']*'|\\{[^}]*\\})*?)(/?)>`, "g");
const ATTR = /([A-Za-z_][\w-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{([^}]*)\}))?/g;

/** Parses one MDX file. Snippets are not followed here (see page-items.ts). */
export function parseMdx(text: string, file: string): Page {
  const lines = text.split(/\r?\n/);
  const frontmatter: Record<string, string> = {};
  const frontmatterLines: Record<string, number> = {};
  let index = 0;
  if (lines[0]?.trim() === "---") {
    for (index = 1; index < lines.length && lines[index].trim() !== "---"; index++) {
      const match = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(lines[index]);
      if (match)
        frontmatter[match[1]] = match[2]
          .trim()
          .replace(/^(["'])(.*)\1$/, "$2")
          .trim();
      if (match) frontmatterLines[match[1]] = index + 1;
    }
    index += 1;
  }
  const items: Item[] = [];
  const prose: TextLine[] = [];
  const fields: Tag[] = [];
  let section = "";
  let comment = false;
  for (; index < lines.length; index++) {
    const line = lines[index];
    const fence = FENCE.exec(line);
    if (fence) {
      prose.push({ form: "break", text: "", at: { file, line: index + 1 }, section });
      const [, indent, marker, lang, meta] = fence;
      const body: string[] = [];
      let end = index + 1;
      while (
        end < lines.length &&
        !new RegExp(`^\\s*${marker[0] === "`" ? "`" : "~"}{${marker.length},}\\s*$`).test(lines[end])
      )
        end++;
      for (let k = index + 1; k < end; k++)
        body.push(lines[k].startsWith(indent) ? lines[k].slice(indent.length) : lines[k].trimStart());
      items.push({
        type: "code",
        lang: lang.toLowerCase(),
        meta,
        text: body.join("\n"),
        at: { file, line: index + 2 },
        section,
      });
      index = end;
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
    if (heading) section = heading[1].trim().toLowerCase();
    // A line describes the field open before it, or the one it opens itself (`<ParamField …>text</ParamField>`).
    let field = fields.at(-1);
    for (const match of line.matchAll(TAG)) {
      const [, closing, name, rawAttrs, selfClosing] = match;
      const tag: Tag = {
        type: closing ? "close" : selfClosing ? "self" : "open",
        name: name as TagName,
        attrs: parseAttrs(rawAttrs),
        at: { file, line: index + 1 },
        section,
      };
      items.push(tag);
      if (tag.name === "ParamField" || tag.name === "ResponseField") {
        if (tag.type === "open") {
          fields.push(tag);
          field = tag;
        } else if (tag.type === "close") fields.pop();
      }
    }
    comment = proseLine(line, comment, (form, content) =>
      prose.push({ form, text: content, at: { file, line: index + 1 }, section, ...(field ? { field } : {}) }),
    );
  }
  return { frontmatter, frontmatterLines, items, text: prose };
}

/** Any JSX-like tag (components, HTML), for stripping from prose. */
const ANY_TAG = /<\/?[A-Za-z][\w.]*(?:\s(?:[^>"'{}]|"[^"]*"|'[^']*'|\{[^}]*\})*)?\/?>/g;
/** A placeholder a reader fills in (`<QSTASH_TOKEN>`), which is text, not a tag. */
const PLACEHOLDER = /^<[A-Z0-9_-]+>$/;

/** The line without component tags; code spans and placeholders are text and stay. */
function stripTags(line: string): string {
  return line
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 ? part : part.replace(ANY_TAG, (tag) => (PLACEHOLDER.test(tag) ? tag : " "))))
    .join("");
}

/**
 * Sorts one non-code line into prose: its form and its text without tags. MDX comments (`{/* … *\/}`,
 * possibly over several lines) and module lines (`import`, `export`) are not prose. Returns whether a
 * comment is still open after the line.
 */
function proseLine(line: string, inComment: boolean, emit: (form: TextForm, text: string) => void): boolean {
  let rest = line;
  if (inComment) {
    const end = rest.indexOf("*/}");
    if (end < 0) return true;
    rest = rest.slice(end + 3);
  }
  rest = rest.replace(/\{\/\*.*?\*\/\}/g, " ");
  const open = rest.indexOf("{/*");
  const stillOpen = open >= 0;
  if (stillOpen) rest = rest.slice(0, open);
  if (/^\s*(import|export)\s/.test(rest)) return stillOpen;
  // MDX escapes (`\{dlqId}`) stand for the character itself.
  const content = stripTags(rest)
    .replace(/\\([{}<>*_[\]()#`|])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
  if (/^#{1,6}\s/.test(content)) emit("heading", content.replace(/^#+\s*/, ""));
  else if (/^\|/.test(content)) emit("table-row", content);
  else if (/^([-*+]|\d+\.)\s/.test(content)) emit("list-item", content.replace(/^([-*+]|\d+\.)\s+/, ""));
  else if (content) emit("text", content);
  else emit("break", "");
  return stillOpen;
}

function parseAttrs(raw: string): Record<string, string | true> {
  const attrs: Record<string, string | true> = {};
  for (const match of raw.matchAll(ATTR)) attrs[match[1]] = match[2] ?? match[3] ?? match[4] ?? true;
  return attrs;
}

/** `"DELETE https://qstash.upstash.io/v2/dlq"` → method and URL; undefined when the line is not of that form. */
export function apiLine(value: string | undefined): { method: string; url: string } | undefined {
  const match = /^(GET|POST|PUT|PATCH|DELETE)\s+(https?:\/\/\S+)$/i.exec(value?.trim() ?? "");
  return match ? { method: match[1].toUpperCase(), url: match[2] } : undefined;
}
