import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { WIRE_FORMATS, wireFormatTypes } from "../../../scripts/spec/wire-formats.ts";
import { compileModules, ENTRY } from "../../helpers/compile.ts";

const description = JSON.parse(
  readFileSync(new URL("../../../generated/qstash.openapi.json", import.meta.url), "utf8"),
);
const schemaTs = readFileSync(new URL("../../../generated/schema.ts", import.meta.url), "utf8");
const format = (name: string) => WIRE_FORMATS.find((f) => f.name === name)!;

/**
 * Values each format's pattern and type must judge alike, and the few where they cannot (a type is
 * built of `${bigint}` holes and unions; a pattern is a regular expression without look-ahead).
 */
const SAMPLES: Record<string, { agree: Record<string, boolean>; typeOnly: string[]; patternOnly: string[] }> = {
  Duration: {
    agree: {
      "30s": true,
      "5m": true,
      "2h": true,
      "7d": true,
      "0s": true,
      "1d10h30m": true,
      "1d1h30m": true,
      "1h30s": true,
      "1d2h3m4s": true,
      "30": false,
      "": false,
      "30 s": false,
      " 30s": false,
      "30S": false,
      "30sec": false,
      "1.5h": false,
      "1e3s": false,
      "05s": false,
      "30m1h": false,
      "1d1d": false,
      s: false,
      "1w": false,
    },
    // `${bigint}` reads a sign and a hex prefix as a number; the pattern does not.
    typeOnly: ["-5s", "0x10s"],
    patternOnly: [],
  },
  FlowControlValue: {
    agree: {
      "parallelism=5,rate=10,period=1m": true,
      "rate=10,period=1m": true,
      "parallelism=10": true,
      "rate=10,parallelism=20,period=1m": true,
      "parallelism=2, rate=10, period=60s": true,
      "period=1d": true,
      "parallelism=5, rate=10": true,
      "parallelism: 5": false,
      "parallelism=5;rate=10": false,
      "parallelism=5 ,rate=10": false,
      "parallelism=5,  rate=10": false,
      "rate=10, period=60": false,
      "period=1h30m": false,
      "burst=3": false,
      "parallelism=": false,
      "": false,
      "parallelism=1,rate=2,period=3s,parallelism=4": false,
    },
    typeOnly: [],
    // A key given twice: no source shows it; the type refuses it, the pattern cannot without look-ahead.
    patternOnly: ["rate=1,rate=2", "period=1s, period=2m"],
  },
};

const PRELUDE = `import { createQStashClient } from ${JSON.stringify(ENTRY)};\nconst q = createQStashClient({ token: "t" });`;
const publishWith = (header: string) =>
  `await q.POST("/v2/publish/{destination}", { params: { path: { destination: "https://example.com" }, header: ${header} }, body: "x" });`;
const CALLS = [
  publishWith(`{ "Upstash-Timeout": "30" }`),
  publishWith(`{ "Upstash-Flow-Control-Value": "parallelism: 5" }`),
  publishWith(
    `{ "Upstash-Timeout": "30s", "Upstash-Delay": "1d10h30m", "Upstash-Flow-Control-Value": "rate=10, period=1m" }`,
  ),
];
const valuesOf = (name: string) => {
  const { agree, typeOnly, patternOnly } = SAMPLES[name]!;
  return [...Object.keys(agree), ...typeOnly, ...patternOnly];
};

/**
 * One compiler program for the whole file (the lib files are read once): a module per sample value,
 * typed by its format alone, and the client calls, as a consumer writes them.
 */
const compiled = (() => {
  const samples = WIRE_FORMATS.flatMap((wire) =>
    valuesOf(wire.name).map(
      (value) =>
        `export type ${wire.name} = ${wire.type};\nexport const value: ${wire.name} = ${JSON.stringify(value)};\n`,
    ),
  );
  const calls = CALLS.map((call) => `${PRELUDE}\nexport async function snippet() {\n${call}\n}\n`);
  const said = compileModules([...samples, ...calls]);
  let next = 0;
  const compiles = new Map(
    WIRE_FORMATS.map((wire) => [wire.name, valuesOf(wire.name).map(() => said[next++]!.codes.length === 0)]),
  );
  return { compiles, calls: said.slice(next).map((s) => s.lines) };
})();

describe("wire formats: pattern and type say the same", () => {
  for (const wire of WIRE_FORMATS) {
    it(`${wire.name}: every sample is judged alike, except the listed spellings`, () => {
      const { agree, typeOnly, patternOnly } = SAMPLES[wire.name]!;
      const pattern = new RegExp(wire.pattern, "u");
      const values = valuesOf(wire.name);
      const byType = compiled.compiles.get(wire.name)!;
      const judged = values.map((value, i) => ({ value, pattern: pattern.test(value), type: byType[i] }));
      expect(judged.filter((j) => j.value in agree)).toEqual(
        Object.entries(agree).map(([value, valid]) => ({ value, pattern: valid, type: valid })),
      );
      expect(judged.filter((j) => typeOnly.includes(j.value)).every((j) => j.type && !j.pattern)).toBe(true);
      expect(judged.filter((j) => patternOnly.includes(j.value)).every((j) => !j.type && j.pattern)).toBe(true);
    });
  }
});

describe("the generator's transform", () => {
  it("turns a known pattern into a reference to its named type, and declares only the types it used", () => {
    const formats = wireFormatTypes();
    const node = formats.transform({ type: "string", pattern: format("Duration").pattern });
    expect(node && ts.isTypeReferenceNode(node) && (node.typeName as ts.Identifier).text).toBe("Duration");
    expect(formats.declarations()).toMatch(
      /^\/\*\* A whole number and a unit.*\*\/\nexport type Duration = `\$\{bigint\}d` \| /s,
    );
    expect(formats.declarations()).not.toContain("FlowControlValue");
  });

  it("leaves any other pattern, a pattern on another type and a plain string to openapi-typescript (string)", () => {
    const formats = wireFormatTypes();
    expect(formats.transform({ type: "string", pattern: "^[a-z]+$" })).toBeUndefined();
    expect(formats.transform({ type: "string", pattern: `${format("Duration").pattern} ` })).toBeUndefined();
    expect(formats.transform({ type: "integer", pattern: format("Duration").pattern })).toBeUndefined();
    expect(formats.transform({ type: "string" })).toBeUndefined();
    expect(formats.declarations()).toBe("");
  });
});

describe("generated/ from the corrected spec", () => {
  /** Every header parameter of the corrected description whose schema has a pattern: `METHOD path name`. */
  const patterned = Object.entries<any>(description.paths).flatMap(([path, item]) =>
    Object.entries<any>(item).flatMap(([method, op]) =>
      (op.parameters ?? [])
        .filter((p: any) => p.schema?.pattern)
        .map((p: any) => ({ where: `${method.toUpperCase()} ${path} ${p.in} ${p.name}`, schema: p.schema })),
    ),
  );

  it("puts the patterns on every operation that declares the three headers, and nowhere else", () => {
    const count = (name: string) => patterned.filter((p) => p.where.endsWith(` header ${name}`)).length;
    expect([count("Upstash-Delay"), count("Upstash-Timeout"), count("Upstash-Flow-Control-Value")]).toEqual([7, 3, 6]);
    expect(patterned).toHaveLength(16);
    const known = new Set(WIRE_FORMATS.map((f) => f.pattern));
    expect(patterned.filter((p) => !known.has(p.schema.pattern)).map((p) => p.where)).toEqual([]);
  });

  it("keeps every published example inside its pattern", () => {
    const outside = patterned.flatMap((p) =>
      (p.schema.examples as string[])
        .filter((e) => !new RegExp(p.schema.pattern, "u").test(e))
        .map((e) => `${p.where}: ${e}`),
    );
    expect(outside).toEqual([]);
    expect(patterned.every((p) => p.schema.examples.length > 0)).toBe(true);
  });

  it("types those headers with the named formats, declared once", () => {
    expect(schemaTs.match(/"Upstash-(Delay|Timeout)"\?: Duration;/g)).toHaveLength(10);
    expect(schemaTs.match(/"Upstash-Flow-Control-Value"\?: FlowControlValue;/g)).toHaveLength(6);
    expect(schemaTs.match(/^export type (Duration|FlowControlValue) = /gm)).toEqual([
      "export type Duration = ",
      "export type FlowControlValue = ",
    ]);
    expect(schemaTs).toMatch(/"Upstash-Retry-Delay"\?: string;/);
  });

  it("makes a timeout written as a bare number fail to compile, in words that name the format", () => {
    expect(compiled.calls).toEqual([
      [`TS2322: Type '"30"' is not assignable to type 'Duration | undefined'.`],
      [`TS2322: Type '"parallelism: 5"' is not assignable to type 'FlowControlValue | undefined'.`],
      [],
    ]);
  });
});
