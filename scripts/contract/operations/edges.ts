import type { Carrier } from "./arbitraries.ts";
import type { Schema } from "./model.ts";

/** One value at the edge of a schema, named after what it probes. */
export interface EdgeValue {
  label: string;
  value: unknown;
  /** For values outside the schema: the violation codes a validator reports. */
  codes?: string[];
  /**
   * Prism cannot judge this value: what it does instead (refuses with these codes, or accepts when
   * `refuses` is absent) and why. The case still runs and checks that behaviour; its verdict is
   * "unverifiable", never a pass.
   */
  onMock?: { refuses?: string[]; reason: string };
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
// As BigInt, so that the exact digits travel (a double cannot hold 2^63 - 1); see jsonWithBigInts.
const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const SAFE = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
const PRISM_INT64 =
  "Prism reads format int64 as the range of exact doubles, ±(2^53 - 1) (@stoplight/http-spec, keywords/format.js), " +
  "so it refuses int64 values the spec allows; only a server that parses integers exactly can judge them";
const PRISM_EMPTY_QUERY =
  "Prism reads an empty query value as an absent parameter (its form-style deserializer drops it), so it cannot refuse one";

/**
 * Longest string drawn where the schema sets no maxLength: far past any name or id, within the
 * 8 KB that common HTTP servers allow for a request line or a header.
 */
const LONG: Record<Carrier, number> = { query: 1_000, path: 1_000, header: 2_000, body: 5_000 };
/** Items in a "large array" where the schema sets no maxItems. */
const MANY: Record<Carrier, number> = { query: 100, path: 10, header: 50, body: 500 };

/**
 * Valid values at the edges of a schema: empty and very long strings, non-ASCII and astral text,
 * URL-reserved characters and white space, integer extremes of the format, zero and minus one,
 * empty and large arrays, empty objects. Bounds the schema declares (minimum, maxLength…) are
 * probed by their own cases; these are the values a schema allows without saying so.
 * A carrier rules out what cannot travel in it: a path segment is never empty, a header value
 * is visible ASCII (RFC 9110 field-vchar; fetch refuses anything else and trims white space).
 */
export function edgeValues(schema: Schema, carrier: Carrier): EdgeValue[] {
  if ("const" in schema || Array.isArray(schema.enum)) return [];
  if (schema.oneOf) return edgeValues(schema.oneOf[0], carrier);
  switch (schema.type) {
    case "string":
      return stringEdges(schema, carrier);
    case "integer":
    case "number":
      return numberEdges(schema);
    case "boolean":
      return [
        { label: "false", value: false },
        { label: "true", value: true },
      ];
    case "array":
      return arrayEdges(schema, carrier);
    case "object":
      return carrier === "body" && !(schema.required ?? []).length ? [{ label: "empty object", value: {} }] : [];
    default:
      return [];
  }
}

/**
 * Values just outside what a schema allows that its declared bounds do not already cover: a
 * fraction for an integer, the first value past an int32 or int64 format, a near miss of an enum.
 */
export function outsideValues(schema: Schema, carrier: Carrier): EdgeValue[] {
  if (Array.isArray(schema.enum)) return enumNearMisses(schema.enum, carrier);
  const out: EdgeValue[] = [];
  if (schema.type === "integer") {
    out.push({ label: "fraction", value: 1.5, codes: ["type"] });
    if (schema.format === "int32") {
      if (schema.maximum === undefined) out.push({ label: "int32 max + 1", value: INT32.max + 1, codes: ["format"] });
      if (schema.minimum === undefined) out.push({ label: "int32 min - 1", value: INT32.min - 1, codes: ["format"] });
    }
    if (schema.format === "int64") {
      // Refused either way: by the format, or by Prism's narrower reading of it (maximum/minimum).
      if (schema.maximum === undefined)
        out.push({ label: "int64 max + 1", value: INT64.max + 1n, codes: ["format", "maximum"] });
      if (schema.minimum === undefined)
        out.push({ label: "int64 min - 1", value: INT64.min - 1n, codes: ["format", "minimum"] });
    }
  }
  if (schema.type === "array") {
    const item = sampleOf(schema.items ?? {});
    if (typeof schema.maxItems === "number") {
      out.push({ label: "maxItems + 1", value: Array(schema.maxItems + 1).fill(item), codes: ["maxItems"] });
    }
    if (typeof schema.minItems === "number" && schema.minItems > 0 && carrier === "body") {
      out.push({ label: "minItems - 1", value: Array(schema.minItems - 1).fill(item), codes: ["minItems"] });
    }
  }
  return out;
}

function stringEdges(schema: Schema, carrier: Carrier): EdgeValue[] {
  const candidates: EdgeValue[] =
    schema.format === "byte"
      ? [
          { label: "empty string", value: "" },
          { label: "long base64", value: "QUJD".repeat(Math.floor(LONG[carrier] / 4)) },
        ]
      : [
          { label: "empty string", value: "" },
          { label: `long string`, value: "x".repeat(schema.maxLength ?? LONG[carrier]) },
          { label: "non-ASCII text", value: "héllo wörld ñ 日本語 Ωmega" },
          { label: "astral text", value: "𝄞 😀 🚀" },
          { label: "URL-reserved characters", value: "a/b?c#d%e&f=g+h;i" },
          { label: "white space", value: carrier === "header" ? "a b" : " a \t b " },
          { label: "control characters", value: "line\nbreak\u0000nul" },
        ];
  const fits = (value: string) => {
    const length = [...value].length; // JSON Schema counts code points
    return length >= (schema.minLength ?? 0) && length <= (schema.maxLength ?? Infinity);
  };
  return candidates.filter(({ label, value }) => {
    const text = value as string;
    if (!fits(text)) return false;
    // A maxLength of its own is probed at exactly that length by the maxLength case.
    if (label === "long string" && schema.maxLength !== undefined) return false;
    if (carrier === "path" && text === "") return false;
    if (carrier === "header" && !/^[\x20-\x7e]*$/.test(text)) return false;
    if (carrier !== "body" && label === "control characters") return false;
    // A patterned value is probed by its pattern's own cases (cases.ts); these generic shapes fall outside it.
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(text)) return false;
    return true;
  });
}

function numberEdges(schema: Schema): EdgeValue[] {
  const integer = schema.type === "integer";
  const sized = schema.format === "int32" || schema.format === "int64";
  const DOUBLE = { min: -1e308, max: 1e308 };
  const range = schema.format === "int32" ? INT32 : schema.format === "int64" ? INT64 : integer ? SAFE : DOUBLE;
  const name = sized ? schema.format : integer ? "largest exact integer" : "double";
  const candidates: EdgeValue[] = [
    { label: `${name} min`, value: range.min },
    { label: "minus one", value: -1 },
    { label: "zero", value: 0 },
    { label: `${name} max`, value: range.max },
  ];
  if (!integer) candidates.push({ label: "fraction", value: 0.5 });
  const inRange = (v: number | bigint) =>
    (schema.minimum === undefined || v >= schema.minimum) && (schema.maximum === undefined || v <= schema.maximum);
  // Declared bounds have cases of their own; a bound equal to an extreme would only repeat them.
  const declared = new Set([schema.minimum, schema.maximum].filter((v) => v !== undefined).map(String));
  return candidates
    .filter((e) => inRange(e.value as number | bigint) && !declared.has(String(e.value)))
    .map((e) => {
      const value = e.value as number | bigint;
      if (schema.format !== "int64" || (value >= SAFE.min && value <= SAFE.max)) return e;
      return { ...e, onMock: { refuses: [value > 0 ? "maximum" : "minimum"], reason: PRISM_INT64 } };
    });
}

function arrayEdges(schema: Schema, carrier: Carrier): EdgeValue[] {
  const items: Schema = schema.items ?? {};
  const out: EdgeValue[] = [];
  if ((schema.minItems ?? 0) === 0) out.push({ label: "empty array", value: [] });
  const many = schema.maxItems ?? Math.max(MANY[carrier], schema.minItems ?? 0);
  if (schema.maxItems === undefined) {
    out.push({
      label: `large array (${many} items)`,
      value: Array.from({ length: many }, (_, i) => sampleOf(items, i)),
    });
  }
  const minItems = Math.max(schema.minItems ?? 1, 1);
  for (const edge of edgeValues(items, carrier)) {
    if (edge.onMock) continue;
    out.push({ label: `item ${edge.label}`, value: Array(minItems).fill(edge.value) });
  }
  return out;
}

function enumNearMisses(allowed: unknown[], carrier: Carrier): EdgeValue[] {
  const first = allowed.find((v) => typeof v === "string") as string | undefined;
  if (first === undefined) return [];
  const otherCase = first === first.toLowerCase() ? first.toUpperCase() : first.toLowerCase();
  const variants: EdgeValue[] = [{ label: "enum value in another case", value: otherCase, codes: ["enum"] }];
  // Fetch trims header values, and Prism reads an empty header as absent: only other carriers keep these.
  if (carrier !== "header") {
    variants.push({ label: "enum value with white space", value: ` ${first} `, codes: ["enum"] });
    const empty: EdgeValue = { label: "empty string", value: "", codes: ["enum"] };
    variants.push(carrier === "query" ? { ...empty, onMock: { reason: PRISM_EMPTY_QUERY } } : empty);
  }
  return variants.filter((v) => !allowed.includes(v.value));
}

/** A plain valid value for an item schema, required properties only; `index` makes items of a large array differ. */
function sampleOf(schema: Schema, index = 0): unknown {
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[index % schema.enum.length];
  if (schema.oneOf) return sampleOf(schema.oneOf[0], index);
  switch (schema.type) {
    case "integer":
    case "number":
      return (schema.minimum ?? 0) + index;
    case "boolean":
      return index % 2 === 0;
    case "object": {
      const properties: Record<string, Schema> = schema.properties ?? {};
      return Object.fromEntries(
        (schema.required ?? []).map((key: string) => [key, sampleOf(properties[key] ?? {}, index)]),
      );
    }
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items ?? {}, index));
    default:
      return schema.format === "byte" ? "" : `item-${index}`.padEnd(schema.minLength ?? 0, "x");
  }
}

/**
 * JSON text in which BigInts are written as their exact digits: JSON.stringify refuses BigInts,
 * and a Number would round an int64 extreme before it left.
 */
export function jsonWithBigInts(value: unknown): string {
  // Each BigInt becomes a marked string first; the mark must occur nowhere else in the text, or a
  // string of the value that happens to hold it would be rewritten too.
  for (let nonce = 0; ; nonce++) {
    const mark = `bigint~${nonce}~`;
    const digits: string[] = [];
    const text = JSON.stringify(value, (_key, v) =>
      typeof v === "bigint" ? `${mark}${digits.push(v.toString()) - 1}` : v,
    );
    if (digits.length === 0) return text;
    if (text.split(mark).length - 1 !== digits.length) continue;
    return text.replace(new RegExp(`"${mark}(\\d+)"`, "g"), (_, i: string) => digits[Number(i)]);
  }
}
