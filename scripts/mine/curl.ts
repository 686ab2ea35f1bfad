import type { Origin } from "./mdx.ts";
import { curlCommands, type Word } from "./shell.ts";
import { headerValue, type HttpExample } from "./http-example.ts";

/** curl options that take a value and do not change the request we replay. */
const IGNORED_WITH_VALUE = new Set([
  "-o",
  "--output",
  "-w",
  "--write-out",
  "-u",
  "--user",
  "-A",
  "--user-agent",
  "-m",
  "--max-time",
  "-D",
  "--dump-header",
  "-e",
  "--referer",
]);
const DATA = new Set(["-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--json"]);

interface CurlRequest {
  method?: string;
  url?: string;
  headers: Record<string, string>;
  data: string[];
  json: boolean;
  fromFile?: string;
}

/** Reads curl's arguments the way curl does. */
function readArgs(words: Word[]): CurlRequest {
  const request: CurlRequest = { headers: {}, data: [], json: false };
  for (let i = 1; i < words.length; i++) {
    const w = words[i].text;
    const value = () => words[++i]?.text ?? "";
    const glued = /^-X(.+)$/.exec(w);
    if (glued) request.method = glued[1];
    else if (w === "-X" || w === "--request") request.method = value();
    else if (w === "-H" || w === "--header") {
      const header = value();
      const colon = header.indexOf(":");
      if (colon > 0) request.headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
    } else if (DATA.has(w)) {
      const data = value();
      if (w === "--json") request.json = true;
      if (data.startsWith("@") && w !== "--data-raw") request.fromFile = data.slice(1);
      request.data.push(data);
    } else if (w === "--url") request.url = value();
    else if (IGNORED_WITH_VALUE.has(w)) value();
    else if (!w.startsWith("-") && request.url === undefined) request.url = w;
  }
  return request;
}

function wire(request: CurlRequest): { method: string; headers: Record<string, string>; body?: string } {
  const headers = { ...request.headers };
  const body = request.data.length ? request.data.join("&") : undefined;
  if (body !== undefined && !headerValue(headers, "content-type")) {
    // curl labels -d data as a form unless told otherwise; --json labels it JSON.
    headers["Content-Type"] = request.json ? "application/json" : "application/x-www-form-urlencoded";
  }
  return { method: (request.method ?? (body !== undefined ? "POST" : "GET")).toUpperCase(), headers, body };
}

/** Every curl request of a shell block, with the shell mistakes a reader would hit. */
export function curlExamples(text: string, at: Origin): HttpExample[] {
  return curlCommands(text, at.line).map((command) => {
    const intended = readArgs(command.intended);
    const sent = wire(intended);
    const example: HttpExample = {
      language: "curl",
      at: { ...at, line: command.line },
      method: sent.method,
      url: intended.url,
      headers: sent.headers,
      body: sent.body,
      bodyData: parseJson(sent.body),
      mistakes: command.mistakes,
    };
    if (sent.body !== undefined && /\.\.\./.test(sent.body) && parseJson(sent.body) === undefined)
      example.problem = "the body elides part of its content with ..., so it is a sketch, not a request";
    if (intended.fromFile)
      example.problem = `the body is read from the file ${intended.fromFile}, which the page does not show`;
    if (command.mistakes.some((m) => m.kind !== "unquoted-placeholder")) {
      const args = readArgs(command.actual);
      example.actual = args.url === undefined ? "nothing" : { ...wire(args), url: args.url };
    }
    return example;
  });
}

export function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
