import { blockExamples, targetOf } from "./examples.ts";
import { fieldFacts, type FieldFact } from "./fields.ts";
import type { HttpExample } from "./http-example.ts";
import { apiLine, type CodeBlock, type Item, type Origin } from "./mdx.ts";
import type { ReadPage } from "./page-items.ts";
import { limitClaims } from "./limits.ts";
import { proseClaims } from "./prose-claims.ts";
import { sentencesOf } from "./sentences.ts";
import { fillUrl, maskToken, maskTokenText } from "./placeholders.ts";
import type { Mistake } from "./shell.ts";

/** A claim as the mined catalog stores it: facts of the page, no verdict (see ../contract/docs/). */
export type MinedClaim = Record<string, unknown> & { id: string; kind: string; operation: string; statement: string };

export interface LeftOut {
  line: number;
  language?: string;
  /** reader-endpoint, url-not-literal, body-not-on-page, raw-body, header-family, nested-body-field, untyped, not-json */
  reason: string;
  detail: string;
}

export interface PageClaims {
  claims: MinedClaim[];
  /** Request examples found on the page, judged or not. */
  examples: number;
  leftOut: LeftOut[];
  skipped: LeftOut[];
  /** Sentences of prose read on the page, and those about the API that became no claim, with why. */
  sentences: number;
  sentencesLeftOut: LeftOut[];
}

const SUCCESS = /\b([1-5]\d\d)\b/;

/** Everything one page claims about the API, as catalog entries. */
export function pageClaims(page: ReadPage, key: string): PageClaims {
  const claims: MinedClaim[] = [];
  const leftOut: LeftOut[] = [];
  const skipped: LeftOut[] = [];
  const add = claimAdder(key, claims);
  const api = apiLine(page.frontmatter.api);
  const pageOperation = api ? `${api.method} ${new URL(api.url).pathname}` : undefined;
  // The page's call as the page writes it (`{destination}`, not `%7Bdestination%7D`).
  const pageCall = pageOperation && decodeURI(pageOperation);
  const responseBlocks = blocksInside(page.items, "ResponseExample");
  const pageStatus = responseBlocks.map((b) => SUCCESS.exec(b.meta)?.[1]).find(Boolean);
  const expect = pageStatus ? { status: Number(pageStatus) } : undefined;

  if (api && pageOperation) {
    const server = new URL(api.url).origin;
    const at = { file: page.path, line: frontmatterLine(page, "api") };
    add("server", { kind: "server", operation: pageOperation, statement: `Requests go to ${server}.`, server }, at);
    if (/bearer/i.test(page.frontmatter.authMethod ?? "")) {
      add(
        "auth-bearer",
        {
          kind: "security",
          operation: pageOperation,
          statement: "The token travels as a bearer token in the Authorization header.",
          security: { in: "header", name: "Authorization" },
        },
        { file: page.path, line: frontmatterLine(page, "authMethod") },
      );
    }
    for (const fact of fieldFacts(page.items)) {
      const why = fieldProblem(fact);
      if (why)
        skipped.push({
          line: fact.at.via?.line ?? fact.at.line,
          reason: why.reason,
          detail: `${fact.name}: ${why.detail}`,
        });
      else add(...fieldClaim(fact, pageOperation));
    }
    for (const block of responseBlocks) {
      const body = parseJsonText(block.text);
      const status = SUCCESS.exec(block.meta)?.[1];
      if (body === undefined) {
        skipped.push({ line: block.at.line, reason: "not-json", detail: "the sample answer is not JSON" });
        continue;
      }
      const fields = body && typeof body === "object" && !Array.isArray(body) ? Object.keys(body) : [];
      const shape = Array.isArray(body)
        ? "a list"
        : fields.length
          ? `an object with ${fields.map((f) => `\`${f}\``).join(", ")}`
          : "a value";
      add(
        `response-example-l${block.at.line}`,
        {
          kind: "response-example",
          operation: pageOperation,
          statement: `The sample answer${status ? ` (${status})` : ""} is ${shape}.`,
          response: { ...(status ? { status: Number(status) } : {}), body },
        },
        block.at,
      );
    }
    for (const status of new Set(
      responseBlocks.map((b) => SUCCESS.exec(b.meta)?.[1]).filter((s): s is string => Boolean(s)),
    )) {
      add(
        `status-${status}`,
        {
          kind: "status",
          operation: pageOperation,
          statement: `A call answers ${status} as the sample shows.`,
          status: Number(status),
        },
        responseBlocks.find((b) => b.meta.includes(status))!.at,
      );
    }
    for (const fact of pseudoSchemaFields(page.items)) {
      add(
        `response-${slug(fact.name)}`,
        {
          kind: "response",
          operation: pageOperation,
          statement: `The answer carries \`${fact.name}\` (${fact.type}).`,
          response: { field: fact.name, type: fact.type },
        },
        fact.at,
      );
    }
  }

  let examples = 0;
  for (const block of page.items.filter((i): i is CodeBlock => i.type === "code")) {
    for (const example of blockExamples(block)) {
      examples++;
      const target = targetOf(example);
      const line = example.at.via?.line ?? example.at.line;
      if (target.kind === "left-out")
        leftOut.push({
          line,
          language: example.language,
          reason: target.reason.startsWith("calls") ? "reader-endpoint" : "url-not-literal",
          detail: target.reason,
        });
      else if (example.problem)
        leftOut.push({
          line,
          language: example.language,
          reason: example.problem.includes("elides") ? "elided-body" : "body-not-on-page",
          detail: example.problem,
        });
      else for (const [slugText, claim] of exampleClaims(example, expect, pageCall)) add(slugText, claim, example.at);
    }
  }
  const sentences = sentencesOf(page.text);
  const prose = proseClaims(sentences, pageCall);
  const limits = limitClaims(sentences, pageCall);
  for (const [slugText, claim, at] of [...prose.claims, ...limits.claims])
    add(`${slugText}-l${at.via?.line ?? at.line}`, claim, at);
  const sentencesLeftOut = [...prose.leftOut, ...limits.leftOut].sort((a, b) => a.line - b.line);
  return { claims, examples, leftOut, skipped, sentences: prose.read, sentencesLeftOut };
}

/**
 * Adds claims to a page's list: each gets an id unique on the page (`<page>/<slug>`, then `-2`, `-3`…)
 * and its place on the page.
 */
export function claimAdder(key: string, claims: MinedClaim[]) {
  const ids = new Set(claims.map((c) => c.id));
  return (slug: string, claim: Omit<MinedClaim, "id">, at: Origin) => {
    let id = `${key}/${slug}`;
    for (let n = 2; ids.has(id); n++) id = `${key}/${slug}-${n}`;
    ids.add(id);
    claims.push({ id, ...claim, source: sourceOf(at) } as unknown as MinedClaim);
  };
}

function exampleClaims(
  example: HttpExample,
  expect: { status: number } | undefined,
  documents: string | undefined,
): [string, Omit<MinedClaim, "id">][] {
  const { url, placeholders } = fillUrl(example.url!);
  const parsed = new URL(url);
  const operation = `${example.method} ${parsed.pathname}`;
  const headers = maskToken(example.headers);
  const intent = selects(example.method, parsed.pathname) ? intentOf(example.bodyData, parsed.searchParams) : undefined;
  const request = {
    language: example.language,
    method: example.method,
    url,
    headers,
    ...(example.body !== undefined ? { body: example.body } : {}),
  };
  const filled = placeholders.length ? ` (placeholders filled: ${placeholders.join(", ")})` : "";
  const how = example.wireNote ? `; ${example.wireNote}` : "";
  const out: [string, Omit<MinedClaim, "id">][] = [
    [
      `example-${example.language}-l${example.at.line}`,
      {
        kind: "example",
        operation,
        statement: `The ${example.language} example sends ${operation}${example.body !== undefined ? " with a body" : ""}${filled}${how}.`,
        example: request,
        ...(expect ? { expect } : {}),
        ...(intent ? { intent } : {}),
        // The call the page's api: line documents: the judge checks the example reaches it.
        ...(documents ? { documents } : {}),
      },
    ],
  ];
  for (const mistake of example.mistakes) {
    // A redirection stops the command before curl runs; a broken continuation sends what precedes it.
    const sent = mistake.kind === "unquoted-placeholder" || example.actual === "nothing" ? undefined : example.actual;
    const actual = sent ? { ...sent, url: fillUrl(sent.url).url, headers: maskToken(sent.headers) } : "nothing";
    out.push([
      `shell-${mistake.kind}-l${mistake.line}`,
      {
        kind: "shell",
        operation,
        statement: shellStatement(mistake),
        shell: { mistake: mistake.kind, line: mistake.line, detail: maskTokenText(mistake.detail) },
        example: request,
        actual,
        ...(intent ? { intent } : {}),
      },
    ]);
  }
  return out;
}

function shellStatement(mistake: Mistake): string {
  if (mistake.kind === "backslash-space")
    return `Line ${mistake.line} ends in a backslash followed by a blank, so the command ends there.`;
  if (mistake.kind === "missing-continuation")
    return `Line ${mistake.line} has no continuation backslash, so the next line runs as a command of its own.`;
  return `The unquoted ${mistake.detail} on line ${mistake.line} is read by the shell as a redirection.`;
}

/** Only a delete or a bulk retry/resume/restart/cancel selects messages; elsewhere a body is a message. */
function selects(method: string, path: string): boolean {
  return method === "DELETE" || /\/(retry|resume|restart|cancel)$/.test(path);
}

/** Named ids mean "these ones"; any other key in the body or query is a filter. */
function intentOf(data: unknown, query: URLSearchParams): "ids" | "filter" | undefined {
  const keys = [
    ...(data && typeof data === "object" && !Array.isArray(data) ? Object.keys(data) : []),
    ...query.keys(),
  ].filter((k) => k !== "qstash_token");
  if (keys.some((k) => /ids$/i.test(k))) return "ids";
  return keys.length ? "filter" : undefined;
}

function fieldProblem(fact: FieldFact): { reason: string; detail: string } | undefined {
  if (fact.role === "request" && fact.place === "body" && fact.name === "body")
    return { reason: "raw-body", detail: "the raw message body, not a JSON field" };
  if (fact.name.includes("*")) return { reason: "header-family", detail: "a family of headers, not one name" };
  if (fact.role === "request" && fact.nested)
    return {
      reason: "nested-body-field",
      detail: "a field inside a body field; the body check reads top-level fields",
    };
  if (fact.role === "response" && /^array$/i.test(fact.name.split(/[.[]/)[0]) && fact.name.startsWith("array"))
    return { reason: "list-answer", detail: "describes an answer that is a list at the top level" };
  if (!fact.type) return { reason: "untyped", detail: `the page's type \`${fact.pageType}\` has no JSON equivalent` };
  return undefined;
}

function fieldClaim(fact: FieldFact, operation: string): [string, Omit<MinedClaim, "id">, Origin] {
  const required = fact.required ? "a required" : "an optional";
  if (fact.role === "response") {
    // The field, not the status: a status the page states is a claim of its own (status-NNN).
    const response = { field: fact.name, type: fact.type };
    return [
      `response-${slug(fact.name)}`,
      { kind: "response", operation, statement: `The answer carries \`${fact.name}\` (${fact.type}).`, response },
      fact.at,
    ];
  }
  if (fact.place === "body") {
    const body = { field: fact.name, type: fact.type, ...(fact.required ? { required: true } : {}) };
    const request = { headers: { "Content-Type": "application/json" }, body: { [fact.name]: sampleOf(fact.type!) } };
    const intent = /ids$/i.test(fact.name) ? "ids" : "filter";
    return [
      `body-${slug(fact.name)}`,
      {
        kind: "body",
        operation,
        statement: `\`${fact.name}\` is ${required} field of the JSON body (${fact.type}).`,
        body,
        request,
        intent,
      },
      fact.at,
    ];
  }
  const parameter = {
    name: fact.name,
    in: fact.place,
    type: fact.type,
    ...(fact.required ? { required: true } : { required: false }),
    ...(fact.deprecated ? { deprecated: true } : {}),
    ...(fact.default !== undefined ? { default: fact.default } : {}),
  };
  const statement = `\`${fact.name}\` is ${required} ${fact.place} parameter (${fact.type}${fact.default !== undefined ? `, default ${JSON.stringify(fact.default)}` : ""}).`;
  return [`param-${fact.place}-${slug(fact.name)}`, { kind: "parameter", operation, statement, parameter }, fact.at];
}

/** A value of the page's type, for sending a body field. */
function sampleOf(type: string): unknown {
  const base = type.replace(/\[\]$/, "");
  const one =
    base === "string" ? "sample" : base === "integer" || base === "number" ? 1 : base === "boolean" ? true : {};
  return type.endsWith("[]") ? [one] : one;
}

/** `{ "deleted": number }` in the Response section: a field list written as pseudo-JSON. */
function pseudoSchemaFields(items: Item[]): { name: string; type: string; at: Origin }[] {
  const found: { name: string; type: string; at: Origin }[] = [];
  let inside = 0;
  for (const item of items) {
    if (item.type !== "code") {
      if (item.name === "ResponseExample" || item.name === "RequestExample")
        inside += item.type === "open" ? 1 : item.type === "close" ? -1 : 0;
      continue;
    }
    if (
      inside > 0 ||
      !item.section.includes("response") ||
      item.lang !== "json" ||
      parseJsonText(item.text) !== undefined
    )
      continue;
    let depth = 0;
    item.text.split("\n").forEach((line, index) => {
      const match = /^\s*"(\w+)"\s*:\s*(number|string|boolean|integer|int)\b/.exec(line);
      if (match && depth === 1)
        found.push({
          name: match[1],
          type: match[2] === "int" ? "integer" : match[2],
          at: { ...item.at, line: item.at.line + index },
        });
      depth += (line.match(/[[{]/g)?.length ?? 0) - (line.match(/[\]}]/g)?.length ?? 0);
    });
  }
  return found;
}

function blocksInside(items: Item[], tag: "ResponseExample" | "RequestExample"): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let depth = 0;
  for (const item of items) {
    if (item.type !== "code") {
      if (item.name === tag) depth += item.type === "open" ? 1 : item.type === "close" ? -1 : 0;
    } else if (depth > 0) blocks.push(item);
  }
  return blocks;
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function frontmatterLine(page: ReadPage, key: string): number {
  return page.frontmatterLines[key] ?? 1;
}

function sourceOf(at: Origin): Record<string, unknown> {
  return at.via ? { line: at.via.line, snippet: at.file, snippetLine: at.line } : { line: at.line };
}

export function slug(text: string): string {
  return (
    text
      .replace(/\[\]/g, "")
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "x"
  );
}
