import ts from "typescript";

/**
 * Wire formats the generated types spell out. A string schema whose `pattern` is one of these, to
 * the character, becomes a reference to a named template literal type, declared once at the end of
 * generated/schema.ts; any other pattern stays `string`. The name is what tsc prints when a value
 * does not fit ("Type '"30"' is not assignable to type 'Duration'"); the doc comment, shown on hover,
 * lists the forms. Each pattern comes from spec/corrections.overlay.yaml, where its evidence is; the
 * runtime checks nothing more than before (a validating server, such as the mock, applies the pattern).
 *
 * A type can only match a pattern so far: `${bigint}` also admits a minus sign and a 0x prefix, which
 * the patterns refuse, and FlowControlValue refuses a key given twice, which its pattern (a regular
 * expression without look-ahead, so that fast-check can draw from it) lets through.
 */
export interface WireFormat {
  /** The type's name in generated/schema.ts. */
  name: string;
  /** The JSON Schema `pattern` (ECMA-262) that maps to it. */
  pattern: string;
  /** The type's text. */
  type: string;
  doc: string;
}

/** A whole number without a sign or a leading zero: what both `${bigint}` and the patterns read as one. */
const WHOLE = "(?:0|[1-9][0-9]*)";
const UNITS = ["d", "h", "m", "s"] as const;

/** Units from the largest down, each at most once, at least one: 30s, 5m, 2h, 7d, 1d10h30m. */
function durationPattern(): string {
  const from = (index: number): string =>
    `${WHOLE}${UNITS[index]}${UNITS.slice(index + 1)
      .map((unit) => `(?:${WHOLE}${unit})?`)
      .join("")}`;
  return `^(?:${UNITS.map((_, index) => from(index)).join("|")})$`;
}

function durationType(): string {
  const forms: string[] = [];
  // Every non-empty subset of the units, in order: each bit of `mask` says whether that unit is there.
  for (let mask = 1; mask < 1 << UNITS.length; mask++) forms.push(UNITS.filter((_, i) => mask & (1 << i)).join(""));
  // One unit first, then two, …; within a length, as the units run (d before h).
  const rank = (units: string) => units.length * 100 + UNITS.indexOf(units[0] as (typeof UNITS)[number]) * 10;
  return forms
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((units) => `\`${[...units].map((unit) => `\${bigint}${unit}`).join("")}\``)
    .join(" | ");
}

const SETTING = `(?:parallelism=${WHOLE}|rate=${WHOLE}|period=${WHOLE}[dhms])`;

/** Every order of one, two or three distinct settings, joined by "," or ", ". */
function flowControlType(): string {
  // The parts of a template literal type's text, between its backquotes.
  const settings = [`parallelism=\${bigint}`, `rate=\${bigint}`, `period=\${bigint}\${"d" | "h" | "m" | "s"}`];
  const separator = `\${"," | ", "}`;
  const orders: string[][] = [];
  const extend = (order: string[]) => {
    if (order.length) orders.push(order);
    for (const setting of settings) if (!order.includes(setting)) extend([...order, setting]);
  };
  extend([]);
  return orders
    .map((order) => `\`${order.join(separator)}\``)
    .sort((a, b) => a.length - b.length || a.localeCompare(b))
    .join(" | ");
}

export const WIRE_FORMATS: WireFormat[] = [
  {
    name: "Duration",
    pattern: durationPattern(),
    type: durationType(),
    doc: 'A whole number and a unit, s, m, h or d, several from the largest unit down: "30s", "5m", "2h", "7d", "1d10h30m". A bare number such as "30" is not one.',
  },
  {
    name: "FlowControlValue",
    pattern: `^${SETTING}(?:, ?${SETTING}){0,2}$`,
    type: flowControlType(),
    doc: 'Flow-control settings as key=value, comma-separated in any order, each key once: parallelism and rate whole numbers, period a whole number and a unit: "parallelism=5", "rate=10, period=1m", "parallelism=2,rate=10,period=60s".',
  },
];

/**
 * openapi-typescript's `transform` hook and what it used: a recognised pattern becomes a reference to
 * its type, and `declarations()` gives the types the output now needs (none when nothing matched).
 */
export function wireFormatTypes(formats: WireFormat[] = WIRE_FORMATS) {
  const used = new Set<WireFormat>();
  const byPattern = new Map(formats.map((format) => [format.pattern, format]));
  return {
    transform(schema: { type?: unknown; pattern?: unknown }): ts.TypeNode | undefined {
      const format = schema.type === "string" && typeof schema.pattern === "string" && byPattern.get(schema.pattern);
      if (!format) return undefined;
      used.add(format);
      return ts.factory.createTypeReferenceNode(format.name);
    },
    declarations(): string {
      return formats
        .filter((format) => used.has(format))
        .map((format) => `/** ${format.doc} */\nexport type ${format.name} = ${format.type};\n`)
        .join("");
    },
  };
}
