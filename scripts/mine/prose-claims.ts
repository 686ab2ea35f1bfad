import type { Origin } from "./mdx.ts";
import type { LeftOut, MinedClaim } from "./page-claims.ts";
import { namesIn, type Named, type NamedParameter } from "./prose-names.ts";
import { lineOf, originAt, type Sentence } from "./sentences.ts";

/**
 * Claims made in prose: a sentence that names an endpoint, a header or a query parameter says the API
 * has it (on the operation the sentence, the page or its words point to). A sentence that speaks of
 * such things without naming one, names only what QStash sends to the reader, or is a table row, is
 * left out with the reason.
 */

export type ProseClaim = [slug: string, claim: Omit<MinedClaim, "id">, at: Origin];

export interface ProseResult {
  claims: ProseClaim[];
  /** Sentences about the API that became no claim, with why. */
  leftOut: LeftOut[];
  /** Sentences read, whether or not they name anything. */
  read: number;
}

/** The operation a caller reaches when the words say "publish", "enqueue", …: a request a reader would send. */
const WORD_OPERATIONS: [RegExp, string][] = [
  [/\bpublish(?:es|ed|ing)?\b/i, "POST /v2/publish/https://example.com"],
  [/\benqueu(?:e|es|ed|ing)\b/i, "POST /v2/enqueue/my-queue/https://example.com"],
  [/\bbatch(?:es|ing)?\b/i, "POST /v2/batch"],
  [/\btrigger(?:s|ed|ing)?\b/i, "POST /v2/trigger/https://example.com"],
  [/\b(?:create|creating|add|adding)\b.*\bschedules?\b|\bschedules?\b/i, "POST /v2/schedules/https://example.com"],
];

/** Words that put a header on QStash's side: it sends, signs or answers with it (whatever else the sentence says). */
const SENT_BY_QSTASH = /\b(signatures?|signed|signing|verif\w*|outgoing|respond\w*|responses?|receiv\w*)\b/i;
/** Words that put a header on QStash's side unless the sentence also tells the reader to send it. */
const LIKELY_SENT_BY_QSTASH =
  /\b(?:qstash|we|workflow)\s+(?:\w+\s+)?(?:adds?|sends?|sending|includes?|forwards?|forwarding|sets?|attaches)\b|\b(?:includes?|contains?|reports?)\b/i;
/** Words that tell the reader to send a header, or announce one as an option of the API. */
const SENT_BY_READER = /\b(set|send|sending|pass|add|adding|added|append|specify|provide|configure|introduc\w*|new)\b/i;
/** Sentences that speak of the API's names; those that name none are left out, counted. */
const ABOUT_NAMES = /\bquery[- ]param(?:eter)?s?\b|\bheaders?\b/i;

/** Claims and left-outs of one page's sentences; `pageOperation` is the page's `api:` line, if any. */
export function proseClaims(sentences: Sentence[], pageOperation?: string): ProseResult {
  const claims: ProseClaim[] = [];
  const leftOut: LeftOut[] = [];
  for (const sentence of sentences) {
    const names = namesIn(sentence.text);
    const line = lineOf(originAt(sentence, 0));
    if (!names.length) {
      if (ABOUT_NAMES.test(sentence.text) && sentence.form !== "table-row")
        leftOut.push({
          line,
          reason: "names-nothing",
          detail: "speaks of headers, query parameters or endpoints without naming one",
        });
      continue;
    }
    if (sentence.form === "table-row") {
      leftOut.push({
        line,
        reason: "table-row",
        detail: `a table row naming ${list(names)}; rows state no claim to judge`,
      });
      continue;
    }
    const endpoints = names.filter((n) => n.form === "endpoint");
    for (const endpoint of endpoints) claims.push(endpointClaim(sentence, endpoint));
    const parameters = names.filter((n): n is NamedParameter => n.form !== "endpoint");
    const headers = parameters.filter((n) => n.form === "header");
    const incoming = sentByQStash(sentence.text) ? headers : [];
    if (incoming.length)
      leftOut.push({
        line,
        reason: "sent-by-qstash",
        detail: `names ${list(incoming)}, which QStash sends to the reader's endpoint or answers with, not part of a request to the API`,
      });
    const targets = callsNamedBy(sentence, endpoints, pageOperation);
    // A header with no call to go on and no word telling the reader to send it may be either side's.
    const unclear =
      !incoming.length && targets[0].context === "none" && !SENT_BY_READER.test(sentence.text) ? headers : [];
    if (unclear.length)
      leftOut.push({
        line,
        reason: "no-direction",
        detail: `names ${list(unclear)} without saying that the reader sends it or on which call`,
      });
    for (const parameter of parameters.filter((n) => !incoming.includes(n) && !unclear.includes(n)))
      for (const target of targets) claims.push(parameterClaim(sentence, parameter, target));
  }
  return { claims, leftOut, read: sentences.length };
}

function sentByQStash(text: string): boolean {
  return SENT_BY_QSTASH.test(text) || (LIKELY_SENT_BY_QSTASH.test(text) && !SENT_BY_READER.test(text));
}

export interface Target {
  operation: string;
  /** How the operation was found: the sentence names it, the page documents it, a word points to it, or none. */
  context: "sentence" | "page" | "words" | "none";
}

/** Where the sentence's parameters belong: the endpoints it names, else the page's, else its words', else anywhere. */
export function callsNamedBy(sentence: Sentence, endpoints: Named[], pageOperation: string | undefined): Target[] {
  if (endpoints.length)
    return endpoints.map((e) => ({
      operation: `${e.form === "endpoint" && e.method ? e.method : "ANY"} ${(e as { path: string }).path}`,
      context: "sentence",
    }));
  if (pageOperation) return [{ operation: pageOperation, context: "page" }];
  const words = sentence.text.replace(/Upstash-[\w-]+/gi, "");
  const byWords =
    WORD_OPERATIONS.find(([pattern]) => pattern.test(words)) ??
    WORD_OPERATIONS.find(([pattern]) => pattern.test(sentence.section));
  return [byWords ? { operation: byWords[1], context: "words" } : { operation: "ANY *", context: "none" }];
}

function endpointClaim(sentence: Sentence, endpoint: Named & { form: "endpoint" }): ProseClaim {
  const operation = `${endpoint.method ?? "ANY"} ${endpoint.path}`;
  const what = endpoint.method ? `${endpoint.method} ${endpoint.path}` : endpoint.path;
  return [
    `prose-endpoint-${slugOf(what)}`,
    {
      kind: "prose",
      operation,
      statement: `The sentence names the endpoint ${what}.`,
      prose: {
        names: "endpoint",
        ...(endpoint.method ? { method: endpoint.method } : {}),
        path: endpoint.path,
        context: "sentence",
      },
    },
    originAt(sentence, endpoint.offset),
  ];
}

function parameterClaim(sentence: Sentence, parameter: NamedParameter, target: Target): ProseClaim {
  const where = target.operation === "ANY *" ? "some operation" : target.operation.replace(/^ANY /, "");
  const value = parameter.value !== undefined ? ` set to \`${parameter.value}\`` : "";
  const noun = parameter.form === "header" ? "header" : "query parameter";
  const on = target.context === "sentence" ? `-${slugOf(target.operation.split(" ")[1])}` : "";
  return [
    `prose-${parameter.form}-${slugOf(parameter.name)}${on}`,
    {
      kind: "prose",
      operation: target.operation,
      statement: `The sentence names the ${noun} \`${parameter.name}\`${value} for ${where}.`,
      prose: {
        names: parameter.form,
        name: parameter.name,
        ...(parameter.value !== undefined ? { value: parameter.value } : {}),
        context: target.context,
      },
    },
    originAt(sentence, parameter.offset),
  ];
}

function list(names: Named[]): string {
  return names.map((n) => `\`${n.form === "endpoint" ? n.path : n.name}\``).join(", ");
}

function slugOf(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "x";
}
