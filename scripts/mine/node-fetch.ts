import type { Origin } from "./mdx.ts";
import { headerValue, type HttpExample } from "./http-example.ts";
import { assignments, Expression, parseLiteral, Stringified, toData, type Literal } from "./literal.ts";

/**
 * Every `fetch(url, init)` call of a JavaScript or TypeScript block, with what fetch really
 * sends: a plain object given as the body goes out as its string form, and anything put
 * inside `headers` travels as a header.
 */
export function fetchExamples(code: string, at: Origin): HttpExample[] {
  const variables = assignments(code);
  const found: HttpExample[] = [];
  for (const match of code.matchAll(/(?<![\w.$])fetch\s*\(/g)) {
    const before = code.slice(0, match.index);
    if (/(async|function)\s+$/.test(before)) continue; // a method named fetch, not a call
    const line = at.line + before.split("\n").length - 1;
    const urlArg = parseLiteral(code, match.index! + match[0].length);
    const url = resolve(urlArg.value, variables);
    let i = urlArg.end;
    while (/\s/.test(code[i] ?? "")) i++;
    const init = code[i] === "," ? resolve(parseLiteral(code, i + 1).value, variables) : undefined;
    const options =
      init && typeof init === "object" && !(init instanceof Expression) && !Array.isArray(init)
        ? (init as Record<string, Literal>)
        : {};
    const headers: Record<string, string> = {};
    const rawHeaders = resolve(options.headers, variables);
    if (
      rawHeaders &&
      typeof rawHeaders === "object" &&
      !Array.isArray(rawHeaders) &&
      !(rawHeaders instanceof Expression)
    ) {
      for (const [name, value] of Object.entries(rawHeaders as Record<string, Literal>)) headers[name] = asText(value);
    }
    const example: HttpExample = {
      language: "node",
      at: { ...at, line },
      method: typeof options.method === "string" ? options.method.toUpperCase() : "GET",
      url: typeof url === "string" ? url : undefined,
      headers,
      mistakes: [],
    };
    const body = resolve(options.body, variables);
    if (body !== undefined) {
      const sent = bodyOf(body);
      example.body = sent.text;
      example.bodyData = toData(body instanceof Stringified ? (body.value as Literal) : body);
      if (sent.note) example.wireNote = sent.note;
      if (sent.text === undefined)
        example.problem = `the body is the expression \`${(body as Expression).source}\`, not a value on the page`;
      if (sent.text !== undefined && !headerValue(headers, "content-type") && typeof body === "string")
        headers["Content-Type"] = "text/plain;charset=UTF-8";
    }
    const inHeaders = Object.keys(headers).find((name) => name === "body");
    if (inHeaders) {
      example.wireNote =
        "the body sits inside the headers object: fetch sends it as a header named body, and no request body";
      const data = (rawHeaders as Record<string, Literal>).body;
      example.bodyData = toData(data instanceof Stringified ? (data.value as Literal) : data);
    }
    found.push(example);
  }
  return found;
}

function resolve(value: Literal | undefined, variables: Map<string, Literal>): Literal | undefined {
  if (value instanceof Expression && variables.has(value.source)) return variables.get(value.source);
  return value;
}

function bodyOf(value: Literal): { text?: string; note?: string } {
  if (typeof value === "string") return { text: value };
  if (value instanceof Stringified) return { text: JSON.stringify(toData(value.value as Literal)) };
  if (value instanceof Expression) return {};
  if (value !== null && typeof value === "object")
    return {
      text: String(Array.isArray(value) ? value.map(asText).join(",") : "[object Object]"),
      note: "fetch does not serialise a plain object: it sends the object's string form",
    };
  return { text: String(value) };
}

/** What fetch makes of a header value: its string form. */
function asText(value: Literal): string {
  if (typeof value === "string") return value;
  if (value instanceof Stringified) return JSON.stringify(toData(value.value as Literal));
  if (value instanceof Expression) return value.source;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return "[object Object]";
  return String(value);
}
