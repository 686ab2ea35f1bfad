import type { Item, Origin, Tag } from "./mdx.ts";

/** One `<ParamField>` or `<ResponseField>` with its nesting resolved. */
export interface FieldFact {
  role: "request" | "response";
  /** query, path, header or body for a request field. */
  place?: "query" | "path" | "header" | "body";
  /** `messages[].dlqId` for nested response fields, `endpoints[].url` for nested body fields. */
  name: string;
  /** The type as the page writes it. */
  pageType: string;
  /** The type in the catalog's words, or undefined when the page's type has no JSON equivalent. */
  type?: string;
  required?: boolean;
  default?: unknown;
  deprecated?: boolean;
  nested: boolean;
  at: Origin;
}

const LOCATIONS = ["query", "path", "header", "body"] as const;

/** Walks the tags of a page (snippets already spliced in) and returns every field it declares. */
export function fieldFacts(items: Item[]): FieldFact[] {
  const facts: FieldFact[] = [];
  const open: { tag: Tag; fact?: FieldFact; hasChildren: boolean }[] = [];
  for (const item of items) {
    if (item.type === "code" || item.name === "Snippet") continue;
    if (item.name !== "ParamField" && item.name !== "ResponseField") {
      if (item.name === "Expandable" && item.type === "open") open.push({ tag: item, hasChildren: false });
      else if (item.name === "Expandable" && item.type === "close") popTo(open, "Expandable");
      continue;
    }
    if (item.type === "close") {
      const closed = popTo(open, item.name);
      if (closed?.fact?.pageType && /^array$/i.test(closed.fact.pageType))
        closed.fact.type = closed.hasChildren ? "object[]" : closed.fact.type;
      continue;
    }
    const parent = [...open].reverse().find((o) => o.fact)?.fact;
    const fact = factOf(item, parent);
    if (!fact) continue;
    facts.push(fact);
    for (const o of open) if (o.fact === parent) o.hasChildren = true;
    if (item.type === "open") open.push({ tag: item, fact, hasChildren: false });
  }
  return facts;
}

function popTo(open: { tag: Tag; fact?: FieldFact; hasChildren: boolean }[], name: string) {
  const index = open.map((o) => o.tag.name).lastIndexOf(name as Tag["name"]);
  if (index < 0) return undefined;
  const [closed] = open.splice(index);
  return closed;
}

function factOf(tag: Tag, parent: FieldFact | undefined): FieldFact | undefined {
  const { attrs } = tag;
  const place = LOCATIONS.find((l) => typeof attrs[l] === "string");
  const own = tag.name === "ResponseField" ? attrs.name : place ? attrs[place] : attrs.name;
  if (typeof own !== "string" || !own) return undefined;
  // The enclosing field decides: a ParamField inside a ResponseField describes the answer.
  const role = parent ? parent.role : tag.name === "ResponseField" ? "response" : "request";
  const pageType = typeof attrs.type === "string" ? attrs.type : "";
  const name = parent ? `${parent.name}${isList(parent.pageType) ? "[]" : ""}.${own}` : own;
  const fact: FieldFact = {
    role,
    name,
    pageType,
    type: catalogType(pageType, role),
    nested: Boolean(parent),
    at: tag.at,
  };
  if (role === "request") fact.place = parent?.place ?? place ?? "body";
  if (attrs.required === true || attrs.required === "true") fact.required = true;
  if (attrs.deprecated === true || attrs.deprecated === "true") fact.deprecated = true;
  if (typeof attrs.default === "string") fact.default = defaultValue(attrs.default);
  return fact;
}

function isList(pageType: string): boolean {
  return /\[\]$|^array$/i.test(pageType.trim());
}

/** The page's type in the catalog's words. An untyped `Array` of a request is a list of strings. */
export function catalogType(pageType: string, role: "request" | "response"): string | undefined {
  const t = pageType.trim().toLowerCase();
  if (t === "string") return "string";
  if (t === "int" || t === "integer" || t === "int64" || t === "int32") return "integer";
  if (t === "number" || t === "float") return "number";
  if (t === "boolean" || t === "bool") return "boolean";
  if (t === "object" || t.startsWith("record<") || t.startsWith("map<")) return "object";
  if (t === "string[]" || t === "integer[]" || t === "number[]" || t === "object[]" || t === "boolean[]") return t;
  if (t === "array") return role === "request" ? "string[]" : "string[]";
  return undefined;
}

function defaultValue(raw: string): unknown {
  const text = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === "true" || text === "false") return text === "true";
  return text.replace(/^(["'])(.*)\1$/, "$2");
}
