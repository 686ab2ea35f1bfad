import type { Origin } from "./mdx.ts";
import type { LeftOut, MinedClaim } from "./page-claims.ts";
import { callsNamedBy } from "./prose-claims.ts";
import { namesIn, type NamedParameter } from "./prose-names.ts";
import { lineOf, originAt, type Sentence } from "./sentences.ts";

/**
 * Limits stated in words: a field's description ("Default and maximum is 100", "Valid values are
 * "earliestFirst" and "latestFirst"") or a sentence about one named header or query parameter ("By
 * default, we retry … 3 times. You can change this … `Upstash-Retries`"). Each becomes a `limit` claim
 * the judge compares with the schema's default, minimum, maximum and enum. A limit that depends on
 * the plan, or that belongs to an SDK option rather than an API parameter, is left out with the reason.
 */

export interface StatedLimit {
  default?: string | number;
  minimum?: number;
  maximum?: number;
  enum?: string[];
}

export type LimitClaim = [slug: string, claim: Omit<MinedClaim, "id">, at: Origin];

/** A number with a unit (`7 days`, `100 MB`) is no bound of an integer parameter. */
const UNIT = String.raw`(?!\s*(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|ms|s\b|m\b|h\b|d\b|[KMG]i?B|bytes?|characters?|%))`;
const NUMBER = String.raw`\x60?(-?\d+)\b\x60?${UNIT}`;
const PATTERNS: { pattern: RegExp; read: (m: RegExpExecArray) => StatedLimit }[] = [
  {
    pattern: new RegExp(String.raw`\bdefault and max(?:imum)?\s+(?:is|are|of)?\s*${NUMBER}`, "i"),
    read: (m) => ({ default: Number(m[1]), maximum: Number(m[1]) }),
  },
  {
    pattern: new RegExp(String.raw`\bbetween\s+${NUMBER}\s+and\s+${NUMBER}`, "i"),
    read: (m) => ({ minimum: Number(m[1]), maximum: Number(m[2]) }),
  },
  {
    pattern: new RegExp(
      String.raw`\b(?:max(?:imum)?(?:\s+(?:value|number))?\s+(?:is|of)|at most|no more than|up to)\s*${NUMBER}`,
      "i",
    ),
    read: (m) => ({ maximum: Number(m[1]) }),
  },
  {
    pattern: new RegExp(String.raw`\b(?:min(?:imum)?(?:\s+(?:value|number))?\s+(?:is|of)|at least)\s*${NUMBER}`, "i"),
    read: (m) => ({ minimum: Number(m[1]) }),
  },
  {
    pattern:
      /\b(?:the default(?: value)? is|defaults? to|default:|default is)\s*(?:[`"']([\w.-]+)[`"']|(-?\d+|true|false)\b)/i,
    read: (m) => ({ default: numberOrText(m[1] ?? m[2]) }),
  },
  {
    pattern: /\bby default\b[^.]*?\b(\d+)\s+times\b|\b(\d+)\s+times\s+by\s+default\b/i,
    read: (m) => ({ default: Number(m[1] ?? m[2]) }),
  },
  {
    pattern: /\b(?:valid|allowed|possible|supported|accepted) values are\s+(.+)$|\bone of\s+(.+)$/i,
    read: (m) => {
      const values = [...(m[1] ?? m[2]).matchAll(/[`"']([^`"']+)[`"']/g)].map((v) => v[1]);
      return values.length >= 2 ? { enum: values } : {};
    },
  },
];
const PLAN = /\b(plans?|pricing|free tier|pay-as-you-go|enterprise)\b/i;

/** Every limit a page states in words, and the stated limits it leaves out with why. */
export function limitClaims(
  sentences: Sentence[],
  pageOperation: string | undefined,
): { claims: LimitClaim[]; leftOut: LeftOut[] } {
  const claims: LimitClaim[] = [];
  const leftOut: LeftOut[] = [];
  sentences.forEach((sentence, index) => {
    // A table row describes values (what a state means), not the bounds of the field it sits in.
    const limit = sentence.form === "table-row" ? undefined : statedLimit(sentence.text);
    if (!limit) return;
    const line = lineOf(originAt(sentence, 0));
    const field = sentence.field;
    if (field?.name === "ResponseField") return; // a description of the answer, not a bound on a request
    if (PLAN.test(sentence.text)) {
      leftOut.push({
        line,
        reason: "limit-of-plan",
        detail: "states a limit that depends on the plan, which the spec does not model",
      });
      return;
    }
    if (field) {
      const place = (["query", "path", "header", "body"] as const).find((p) => typeof field.attrs[p] === "string");
      const name = place ? (field.attrs[place] as string) : undefined;
      if (!pageOperation || !place || !name) {
        leftOut.push({
          line,
          reason: "limit-of-sdk-option",
          detail: `states a limit of \`${String(field.attrs.name ?? name ?? "?")}\`, a field of a page with no api: line (an SDK option, not an API parameter)`,
        });
        return;
      }
      claims.push(limitClaim({ name, in: place }, limit, pageOperation, originAt(sentence, 0)));
      return;
    }
    // A sentence may state the limit and leave the name to the next one of its paragraph.
    const next = sentences[index + 1];
    const own = parametersIn(sentence);
    const named = own.length ? own : next && sameParagraph(sentence, next) ? parametersIn(next) : [];
    if (named.length !== 1) {
      leftOut.push({
        line,
        reason: named.length ? "limit-of-several" : "limit-of-nothing",
        detail: named.length
          ? `states a limit in a sentence naming ${named.length} parameters; which one it bounds is not said`
          : "states a limit without naming the parameter it bounds",
      });
      return;
    }
    const [parameter] = named;
    const endpoints = namesIn(sentence.text).filter((n) => n.form === "endpoint");
    for (const target of callsNamedBy(sentence, endpoints, pageOperation))
      claims.push(
        limitClaim({ name: parameter.name, in: parameter.form }, limit, target.operation, originAt(sentence, 0)),
      );
  });
  return { claims, leftOut };
}

/** The bounds a sentence states, merged; undefined when it states none. */
export function statedLimit(text: string): StatedLimit | undefined {
  const limit: StatedLimit = {};
  for (const { pattern, read } of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    for (const [key, value] of Object.entries(read(match)))
      if ((limit as Record<string, unknown>)[key] === undefined) (limit as Record<string, unknown>)[key] = value;
  }
  return Object.keys(limit).length ? limit : undefined;
}

function limitClaim(
  parameter: { name: string; in: string },
  limit: StatedLimit,
  operation: string,
  at: Origin,
): LimitClaim {
  const where = operation === "ANY *" ? "any operation" : operation.replace(/^ANY /, "");
  return [
    `limit-${parameter.in}-${parameter.name.replace(/[^A-Za-z0-9]+/g, "-")}`,
    {
      kind: "limit",
      operation,
      statement: `The page says \`${parameter.name}\` (${parameter.in}) ${describe(limit)} on ${where}.`,
      limit: { name: parameter.name, in: parameter.in, ...limit },
    },
    at,
  ];
}

function describe(limit: StatedLimit): string {
  return [
    limit.default !== undefined ? `defaults to ${JSON.stringify(limit.default)}` : "",
    limit.minimum !== undefined ? `is at least ${limit.minimum}` : "",
    limit.maximum !== undefined ? `is at most ${limit.maximum}` : "",
    limit.enum ? `is one of ${limit.enum.map((v) => `\`${v}\``).join(", ")}` : "",
  ]
    .filter(Boolean)
    .join(", ");
}

function parametersIn(sentence: Sentence): NamedParameter[] {
  const seen = new Set<string>();
  return namesIn(sentence.text).filter((n): n is NamedParameter => {
    if (n.form === "endpoint" || seen.has(n.name)) return false;
    seen.add(n.name);
    return true;
  });
}

function sameParagraph(a: Sentence, b: Sentence): boolean {
  return (
    a.form === b.form &&
    a.section === b.section &&
    a.field === b.field &&
    lineOf(b.origins[0][1]) - lineOf(a.origins.at(-1)![1]) <= 1
  );
}

function numberOrText(text: string): string | number {
  return /^-?\d+$/.test(text) ? Number(text) : text;
}
