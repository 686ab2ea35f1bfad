/**
 * What a sentence names that the spec can confirm or contradict: an endpoint (`DELETE
 * /v2/messages/:messageId`, a path in a link or a code span), a header (`Upstash-Delay`, with a value
 * when the sentence gives one), a query parameter (`?upstash-retries=3`, "the `search` query
 * parameter"). Offsets point into the sentence, so that each name keeps its own line.
 */

export interface NamedEndpoint {
  form: "endpoint";
  method?: string;
  /** The path as the page writes it, placeholders and all (`/v2/flowControl/:flowControlKey/reset`). */
  path: string;
  offset: number;
}

export interface NamedParameter {
  form: "header" | "query";
  /** `Upstash-Forward-*` for a family the page names by its prefix. */
  name: string;
  value?: string;
  offset: number;
}

export type Named = NamedEndpoint | NamedParameter;

const METHOD = "GET|POST|PUT|PATCH|DELETE";
/** A path under /v2/; a destination URL may follow the operation's own segments (`/v2/publish/https://…`). */
const PATH = "/v2(?:/(?:https?://)?[A-Za-z0-9_{}:<>.%-]+)*/?";
const ENDPOINT = new RegExp(
  String.raw`(?:\b(${METHOD})\s+)?(?<![\w.:/])(?:https?://qstash[\w.-]*\.upstash\.io)?(${PATH})`,
  "g",
);
const HEADER =
  /(?<![\w?&/-])(Upstash-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)(-(?:\.\.\.|\*)?)?(?![\w=-])(?:\s*:\s*([^`\s,;]+))?/gi;
/** "the `Upstash-Callback` prefix", "`Upstash-Callback`/`Upstash-Failure-Callback` prefix": a family. */
const PREFIX_AFTER = /^`?\s*(?:\/\s*`[^`]*`\s*)?prefix/i;
const QUERY_STRING = /\?((?:[A-Za-z_][\w-]*=[^&\s`'")]*&?)+)/g;
const QUERY_WORDS =
  /(?:`([A-Za-z_][\w-]*)`|\b([A-Za-z_][\w-]*))\s+query\s+param(?:eter)?s?\b|\bquery\s+param(?:eter)?s?\s+`([A-Za-z_][\w-]*)`/gi;
/** "set `Upstash-X` to `true`", "`Upstash-X` header to `true`". */
const VALUE_AFTER = /^`?\s*(?:header\s+)?(?:to|=)\s+`([^`]+)`/i;
/** Words that precede "query parameter" without being its name. */
const NOT_A_NAME = new Set(["a", "an", "the", "as", "via", "new", "optional", "same", "and", "or", "of", "with"]);

/** Every endpoint, header and query parameter a sentence names, in order of appearance. */
export function namesIn(sentence: string): Named[] {
  const found: Named[] = [];
  for (const match of sentence.matchAll(ENDPOINT)) {
    const path = match[2].replace(/[.:]+$/, "");
    if (path === "/v2" || path === "/v2/") continue;
    found.push({ form: "endpoint", method: match[1]?.toUpperCase(), path, offset: match.index! });
  }
  for (const match of sentence.matchAll(HEADER)) {
    const family = match[2] !== undefined || PREFIX_AFTER.test(sentence.slice(match.index! + match[0].length));
    const rest = sentence.slice(match.index! + match[0].length);
    const value = family ? undefined : (match[3] ?? VALUE_AFTER.exec(rest)?.[1]);
    found.push({
      form: "header",
      name: family ? `${match[1]}-*` : match[1],
      ...(value !== undefined ? { value: value.replace(/^["']|["']$/g, "") } : {}),
      offset: match.index!,
    });
  }
  for (const match of sentence.matchAll(QUERY_STRING)) {
    if (!ofTheApi(sentence, match.index!)) continue;
    let offset = match.index! + 1;
    for (const pair of match[1].split("&").filter(Boolean)) {
      const [name, value] = pair.split("=");
      // A token's value is never kept, whatever the page holds there.
      const kept = name === "qstash_token" ? undefined : decodeSafely(value ?? "").replace(/[.,;:]+$/, "");
      found.push({ form: "query", name, ...(kept !== undefined ? { value: kept } : {}), offset });
      offset += pair.length + 1;
    }
  }
  for (const match of sentence.matchAll(QUERY_WORDS)) {
    const name = match[1] ?? match[2] ?? match[3];
    if (NOT_A_NAME.has(name.toLowerCase())) continue;
    if (found.some((n) => n.form === "query" && n.name === name)) continue;
    found.push({ form: "query", name, offset: match.index! });
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** A query string standing alone (`?upstash-retries=3`) or on a QStash URL, not on a link to anything else. */
function ofTheApi(sentence: string, at: number): boolean {
  const token = /[^\s`'"([]*$/.exec(sentence.slice(0, at))?.[0] ?? "";
  return token === "" || /qstash[\w.-]*\.upstash\.io|^\/v2\/|^\/v2$/.test(token) || /\/v2\//.test(token);
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
