import jsyaml from "js-yaml";

/**
 * A fast first reading of a YAML file's value. The `yaml` library (load-yaml.ts) keeps positions
 * for error messages, and checks aliases, but builds a whole syntax tree: parsing the spec that
 * way is most of a sync's time. js-yaml reads the same value in a fraction of it, with a schema
 * that resolves plain scalars exactly as `yaml`'s YAML 1.2 core schema does (js-yaml's own core
 * schema also reads `0b101` as a number, and `-0` as 0). Anything unusual (a syntax error, a
 * duplicate key, any alias) returns undefined, and the caller takes the careful path.
 */
const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT =
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

const int = new jsyaml.Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: string) => INT.test(data),
  construct: (data: string) => (data.startsWith("0o") ? parseInt(data.slice(2), 8) : Number(data)),
});

const float = new jsyaml.Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (data: string) => FLOAT.test(data) && !INT.test(data),
  construct: (data: string) => {
    const lower = data.toLowerCase();
    if (lower.endsWith(".nan")) return NaN;
    if (lower.endsWith(".inf")) return lower.startsWith("-") ? -Infinity : Infinity;
    return Number(data);
  },
});

const nil = new jsyaml.Type("tag:yaml.org,2002:null", {
  kind: "scalar",
  resolve: (data: string) => /^(?:~|null|Null|NULL)?$/.test(data),
  construct: () => null,
});

const bool = new jsyaml.Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (data: string) => /^(?:true|True|TRUE|false|False|FALSE)$/.test(data),
  construct: (data: string) => data.toLowerCase() === "true",
});

const CORE = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [nil, bool, int, float] });

export function quickYamlValue(text: string): unknown {
  let value: unknown;
  try {
    value = jsyaml.load(text, { schema: CORE });
  } catch {
    return undefined;
  }
  return hasSharedNodes(value) ? undefined : value;
}

/** An alias shows up as one object reached twice (or a cycle). */
function hasSharedNodes(value: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    if (seen.has(node)) return true;
    seen.add(node);
    for (const child of Object.values(node)) stack.push(child);
  }
  return false;
}
