import fc from "fast-check";
import { destinationProblem } from "../../../src/destination.ts";
import { arbitraryFor, urlArbitrary, type Carrier } from "./arbitraries.ts";
import { edgeValues, outsideValues, type EdgeValue } from "./edges.ts";
import { readOperations, successStatus, type OperationModel, type ParamModel, type Schema } from "./model.ts";

/** One request, in the shape openapi-fetch takes it. */
export interface RequestSpec {
  pathParams: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body?: { mediaType: string; value: unknown };
  /** How the token travels: Authorization header (default), qstash_token query, or not at all. */
  auth?: "header" | "query" | "none";
}

export type CaseKind = "positive" | "accept" | "reject" | "status";

export interface OperationCase {
  id: string;
  operationId: string;
  method: string;
  path: string;
  kind: CaseKind;
  /** The documented constraint a boundary case probes, e.g. "query count maximum". */
  constraint: string | null;
  /** A value at the edge of its type (empty, extreme, long, non-ASCII…) rather than of a declared bound. */
  edge: boolean;
  /** Every status the spec documents for the operation: an answer outside them is a finding. */
  documented: number[];
  title: string;
  /** The request of a fixed case; a positive case draws its requests from `requests`. */
  request: RequestSpec;
  requests?: fc.Arbitrary<RequestSpec>;
  expect: {
    status: number;
    /** For a reject: a violation Prism must report, by code and location (after "request"). */
    violation?: { codes: string[]; location: string[] };
    /** JSON pointer of the schema the response body must satisfy, if any. */
    responsePointer: string | null;
    /** Why the mock cannot decide this case: it still records what the mock does, as an explicit verdict. */
    unverifiable?: string;
  };
}

export interface CaseSet {
  seed: number;
  numRuns: number;
  cases: OperationCase[];
}

/** Reads the seed from FC_SEED (to replay a run) or draws one; the suite prints it. */
export function seedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.FC_SEED;
  if (given !== undefined && given !== "") {
    const seed = Number(given);
    if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(given)}`);
    return seed;
  }
  return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
}

/** A fuzzer's default depth: requests per positive property unless FC_RUNS says otherwise. */
export const DEFAULT_RUNS = 100;

/** Requests per positive property (FC_RUNS, default 100): each one is a round trip to Prism. */
export function runsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.FC_RUNS;
  if (given === undefined || given === "") return DEFAULT_RUNS;
  const runs = Number(given);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(
      `FC_RUNS must be a positive integer, got ${JSON.stringify(given)}\nfix: unset it (${DEFAULT_RUNS} runs) or set e.g. FC_RUNS=20`,
    );
  }
  return runs;
}

/**
 * Every case for every operation of the description: a property-based positive, boundary
 * values on both sides of each documented constraint, and one case per documented non-2xx status.
 * Nothing here names an operation: add one to the spec and it is covered.
 */
export function generateCases(
  description: Record<string, any>,
  { seed, numRuns }: { seed: number; numRuns: number },
): CaseSet {
  const cases: OperationCase[] = [];
  const ids = new Set<string>();
  readOperations(description).forEach((op, index) => {
    const ok = successStatus(op);
    if (ok === null)
      throw new Error(`${op.operationId} documents no 2xx response; the suite cannot build a positive case`);
    const okPointer = op.responses.find((r) => r.status === ok)!.schemaPointer;
    const documented = op.responses.map((r) => r.status);
    const base = fc.sample(requestArbitrary(op, "minimal"), { seed: seed + index, numRuns: 1 })[0];
    const add = (
      kind: CaseKind,
      constraint: string | null,
      title: string,
      request: RequestSpec,
      expect: OperationCase["expect"],
      extra: Partial<OperationCase> = {},
    ) => {
      const slug = `${kind}${constraint ? `:${constraint.replace(/\s+/g, "-")}` : ""}`;
      let id = `${op.operationId}/${slug}`;
      for (let n = 2; ids.has(id); n++) id = `${op.operationId}/${slug}#${n}`;
      ids.add(id);
      const { operationId, method, path } = op;
      cases.push({
        id,
        operationId,
        method,
        path,
        kind,
        constraint,
        edge: false,
        documented,
        title,
        request,
        expect,
        ...extra,
      });
    };
    const positiveTitle = `valid requests drawn from the spec, edge values included, get ${ok} and a body that fits its schema`;
    add(
      "positive",
      null,
      positiveTitle,
      base,
      { status: ok, responsePointer: okPointer },
      { requests: requestArbitrary(op, "full") },
    );
    const accept: Accept = (constraint, title, request, edge) =>
      add(
        "accept",
        constraint,
        title,
        request,
        { status: ok, responsePointer: okPointer },
        { edge: edge !== undefined },
      );
    const reject: Reject = (constraint, title, request, codes, location, edge) => {
      const expect = { status: rejectStatus(op, codes), violation: { codes, location }, responsePointer: null };
      add("reject", constraint, title, request, expect, { edge: edge !== undefined });
    };
    // What Prism does with a value it cannot judge (EdgeValue.onMock): checked, and reported as unverifiable.
    const onMock: OnMock = (constraint, title, request, edge, location) => {
      const { refuses, reason } = edge.onMock!;
      const expect: OperationCase["expect"] = refuses
        ? {
            status: rejectStatus(op, refuses),
            violation: { codes: refuses, location },
            responsePointer: null,
            unverifiable: reason,
          }
        : { status: ok, responsePointer: okPointer, unverifiable: reason };
      add(refuses ? "reject" : "accept", constraint, title, request, expect, { edge: true });
    };
    // Security is documented once for the whole API and applies to every operation.
    accept("security", "the token is also accepted as the qstash_token query parameter", {
      ...structuredClone(base),
      auth: "query",
    });
    add(
      "reject",
      "security",
      "a request without a token is refused with 401",
      { ...structuredClone(base), auth: "none" },
      {
        status: 401,
        violation: { codes: ["401"], location: [] },
        responsePointer: null,
      },
    );
    const probes: Probes = { accept, reject, onMock };
    for (const param of op.params) paramConstraints(param, base, probes);
    if (op.body) bodyConstraints(op, base, probes);
    for (const response of op.responses) {
      if (response.status >= 200 && response.status < 300) continue;
      add("status", String(response.status), `Prefer: code=${response.status} surfaces as a typed client error`, base, {
        status: response.status,
        responsePointer: response.schemaPointer,
      });
    }
  });
  return { seed, numRuns, cases };
}

/**
 * Prism answers an invalid request with the operation's 422, else its 400, else a problem
 * document of its own: 415 for an unsupported media type, 422 for anything else.
 */
export function rejectStatus(op: OperationModel, codes: string[] = []): number {
  const statuses = op.responses.map((r) => r.status);
  if (statuses.includes(422)) return 422;
  if (statuses.includes(400)) return 400;
  return codes.includes("415") ? 415 : 422;
}

/** `edge` marks a case drawn from edgeValues/outsideValues. */
type Accept = (constraint: string, title: string, request: RequestSpec, edge?: EdgeValue) => void;
type Reject = (
  constraint: string,
  title: string,
  request: RequestSpec,
  codes: string[],
  location: string[],
  edge?: EdgeValue,
) => void;
type OnMock = (constraint: string, title: string, request: RequestSpec, edge: EdgeValue, location: string[]) => void;
interface Probes {
  accept: Accept;
  reject: Reject;
  onMock: OnMock;
}

function paramConstraints(param: ParamModel, base: RequestSpec, probes: Probes): void {
  const { accept, reject } = probes;
  const { name, schema } = param;
  const where = param.in;
  const label = `${where} ${name}`;
  const withValue = (value: unknown): RequestSpec => setParam(base, param, value);
  const at = [where, name.toLowerCase()];
  if (param.required && where !== "path") {
    const without = structuredClone(base);
    delete (where === "query" ? without.query : without.headers)[name];
    reject(`${label} required`, `leaving out required ${label} is refused`, without, ["required"], [where]);
  }
  if (["integer", "number", "boolean"].includes(schema.type) && !schema.enum) {
    accept(`${label} type`, `${label} accepts a ${schema.type}`, withValue(sampleScalar(schema)));
    reject(
      `${label} type`,
      `${label} refuses a value that is not a ${schema.type}`,
      withValue(schema.type === "boolean" ? "maybe" : "not-a-number"),
      ["type"],
      at,
    );
  }
  if (Array.isArray(schema.enum)) {
    accept(`${label} enum`, `${label} accepts its first allowed value`, withValue(schema.enum[0]));
    accept(`${label} enum`, `${label} accepts its last allowed value`, withValue(schema.enum[schema.enum.length - 1]));
    reject(`${label} enum`, `${label} refuses a value outside its enum`, withValue("NOT_ALLOWED"), ["enum"], at);
  }
  if (typeof schema.minimum === "number") {
    accept(`${label} minimum`, `${label} accepts its minimum ${schema.minimum}`, withValue(schema.minimum));
    reject(
      `${label} minimum`,
      `${label} refuses ${schema.minimum - 1}, below its minimum`,
      withValue(schema.minimum - 1),
      ["minimum"],
      at,
    );
  }
  if (typeof schema.maximum === "number") {
    accept(`${label} maximum`, `${label} accepts its maximum ${schema.maximum}`, withValue(schema.maximum));
    reject(
      `${label} maximum`,
      `${label} refuses ${schema.maximum + 1}, above its maximum`,
      withValue(schema.maximum + 1),
      ["maximum"],
      at,
    );
  }
  if (typeof schema.minLength === "number" && schema.minLength > 0) {
    accept(
      `${label} minLength`,
      `${label} accepts ${schema.minLength} character(s)`,
      withValue("a".repeat(schema.minLength)),
    );
    // An empty path segment leaves the parameter out altogether, and Prism reads an empty header
    // as absent: both are reported as missing.
    const asMissing = (where === "path" || where === "header") && schema.minLength === 1;
    const codes = asMissing ? ["required", "minLength"] : ["minLength"];
    const short = withValue("a".repeat(schema.minLength - 1));
    reject(
      `${label} minLength`,
      `${label} refuses ${schema.minLength - 1} character(s)`,
      short,
      codes,
      asMissing ? [where] : at,
    );
  }
  if (typeof schema.maxLength === "number") {
    accept(
      `${label} maxLength`,
      `${label} accepts ${schema.maxLength} characters`,
      withValue("a".repeat(schema.maxLength)),
    );
    reject(
      `${label} maxLength`,
      `${label} refuses ${schema.maxLength + 1} characters`,
      withValue("a".repeat(schema.maxLength + 1)),
      ["maxLength"],
      at,
    );
  }
  if (typeof schema.pattern === "string") patternCases(label, schema, withValue, at, probes);
  if (schema.type === "array") {
    const items: Schema = schema.items ?? {};
    const two = [sampleScalar(items), sampleScalar(items, true)];
    accept(
      `${label} array form`,
      `${label} takes several values as a repeated parameter (${name}=…&${name}=…)`,
      withValue(two),
    );
    if (["integer", "number", "boolean"].includes(items.type) || Array.isArray(items.enum)) {
      reject(
        `${label} array items`,
        `${label} refuses an item that does not fit its item schema`,
        withValue(["not-a-number", two[0]]),
        ["type", "enum"],
        [...at, "0"],
      );
    }
  }
  edgeCases(label, where, schema, withValue, at, probes);
  if (schema.type === "array" && schema.items) {
    const asItem = (value: unknown) => withValue([value]);
    for (const out of outsideValues(schema.items, where))
      probeOutside(`${label} item`, out, asItem, [...at, "0"], probes);
  }
}

/**
 * A pattern's boundary and negative: every published example is accepted, and the first one cut
 * short by a character ("50s" → "50") or, if that still fits, with one more is refused.
 */
function patternCases(
  label: string,
  schema: Schema,
  withValue: (v: unknown) => RequestSpec,
  at: string[],
  probes: Probes,
): void {
  const pattern = new RegExp(schema.pattern, "u");
  const examples = (schema.examples ?? []).filter((e: unknown): e is string => typeof e === "string");
  for (const example of examples)
    probes.accept(`${label} pattern`, `${label} accepts the documented ${JSON.stringify(example)}`, withValue(example));
  const first = examples[0] ?? "x";
  const outside = [first.slice(0, -1), `${first}!`].find((value) => value !== "" && !pattern.test(value))!;
  const refused = `${label} refuses ${JSON.stringify(outside)}, outside its pattern`;
  probes.reject(`${label} pattern`, refused, withValue(outside), ["pattern"], at);
}

/**
 * One case per edge value of a schema (accepted: the schema allows it) and per value just outside
 * it (refused, at `at`), each labelled with what it probes, e.g. "query fromDate int64 max".
 */
function edgeCases(
  label: string,
  carrier: Carrier,
  schema: Schema,
  withValue: (v: unknown) => RequestSpec,
  at: string[],
  probes: Probes,
): void {
  for (const edge of edgeValues(schema, carrier)) {
    const constraint = `${label} ${edge.label}`;
    if (edge.onMock)
      probes.onMock(
        constraint,
        `${label} allows ${describeEdge(edge)}, which the mock cannot judge`,
        withValue(edge.value),
        edge,
        at,
      );
    else probes.accept(constraint, `${label} accepts ${describeEdge(edge)}`, withValue(edge.value), edge);
  }
  for (const out of outsideValues(schema, carrier)) probeOutside(label, out, withValue, at, probes);
}

function probeOutside(
  label: string,
  out: EdgeValue,
  withValue: (v: unknown) => RequestSpec,
  at: string[],
  probes: Probes,
): void {
  const constraint = `${label} ${out.label}`;
  if (out.onMock)
    probes.onMock(
      constraint,
      `${label} forbids ${describeEdge(out)}, which the mock cannot judge`,
      withValue(out.value),
      out,
      at,
    );
  else
    probes.reject(constraint, `${label} refuses ${describeEdge(out)}`, withValue(out.value), out.codes ?? [], at, out);
}

function describeEdge(edge: EdgeValue): string {
  const shown =
    typeof edge.value === "string"
      ? edge.value.length > 24
        ? `${edge.value.length} characters`
        : JSON.stringify(edge.value)
      : Array.isArray(edge.value)
        ? `${edge.value.length} item(s)`
        : String(edge.value);
  return `${edge.label} (${shown})`;
}

function bodyConstraints(op: OperationModel, base: RequestSpec, probes: Probes): void {
  const { accept, reject } = probes;
  const body = op.body!;
  for (const media of body.media) {
    accept(`body content type ${media.type}`, `a ${media.type} body is accepted`, {
      ...structuredClone(base),
      body: { mediaType: media.type, value: fullValue(media.schema) },
    });
  }
  reject(
    "body content type",
    "a body in an undeclared media type (application/xml) is refused",
    { ...structuredClone(base), body: { mediaType: "application/xml", value: "<message/>" } },
    ["415"],
    [],
  );
  if (body.required) {
    const without = structuredClone(base);
    delete without.body;
    reject("body required", "leaving out the required body is refused", without, ["required"], []);
  }
  const json = body.media.find((m) => m.type === "application/json");
  if (!json) return;
  const full = fullValue(json.schema);
  const withBody = (value: unknown): RequestSpec => ({
    ...structuredClone(base),
    body: { mediaType: json.type, value },
  });
  walkBody(json.schema, [], full, withBody, probes);
}

/** Boundary cases for every constraint of a JSON body schema, at every depth. */
function walkBody(
  schema: Schema,
  path: (string | number)[],
  full: unknown,
  withBody: (v: unknown) => RequestSpec,
  probes: Probes,
): void {
  const { accept, reject } = probes;
  const label = `body${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")}`;
  const at = ["body", ...path.map(String)];
  const set = (value: unknown) => withBody(setAt(full, path, value));
  if (schema.type)
    reject(
      `${label} type`,
      `${label} refuses a value that is not ${article(schema.type)}`,
      set(wrongType(schema.type)),
      ["type"],
      at,
    );
  if (Array.isArray(schema.enum)) {
    accept(`${label} enum`, `${label} accepts an allowed value`, set(schema.enum[0]));
    reject(`${label} enum`, `${label} refuses a value outside its enum`, set("NOT_ALLOWED"), ["enum"], at);
  }
  if (typeof schema.minimum === "number") {
    accept(`${label} minimum`, `${label} accepts its minimum ${schema.minimum}`, set(schema.minimum));
    reject(`${label} minimum`, `${label} refuses ${schema.minimum - 1}`, set(schema.minimum - 1), ["minimum"], at);
  }
  if (typeof schema.maximum === "number") {
    accept(`${label} maximum`, `${label} accepts its maximum ${schema.maximum}`, set(schema.maximum));
    reject(`${label} maximum`, `${label} refuses ${schema.maximum + 1}`, set(schema.maximum + 1), ["maximum"], at);
  }
  if (schema.type === "object") {
    for (const key of schema.required ?? []) {
      const parent = structuredClone(getAt(full, path)) as Record<string, unknown>;
      delete parent[key];
      reject(
        `${label}.${key} required`,
        `${label} without its required ${key} is refused`,
        withBody(setAt(full, path, parent)),
        ["required"],
        at,
      );
    }
    for (const [key, child] of Object.entries<Schema>(schema.properties ?? {}))
      walkBody(child, [...path, key], full, withBody, probes);
    const extra = schema.additionalProperties;
    if (typeof extra === "object" && extra.type && !schema.properties) {
      const withExtra = { ...(getAt(full, path) as object), extra: wrongType(extra.type) };
      reject(
        `${label}.* type`,
        `${label} refuses an entry whose value is not ${article(extra.type)}`,
        withBody(setAt(full, path, withExtra)),
        ["type"],
        [...at, "extra"],
      );
    }
  }
  if (schema.type === "array" && schema.items) walkBody(schema.items, [...path, 0], full, withBody, probes);
  edgeCases(label, "body", schema, set, at, probes);
}

/** All parameters (`full`) or only the required ones (`minimal`), and a body when there is one. */
export function requestArbitrary(op: OperationModel, mode: "full" | "minimal"): fc.Arbitrary<RequestSpec> {
  const pick = (where: ParamModel["in"]) =>
    op.params.filter((p) => p.in === where && (mode === "full" || p.required || where === "path"));
  const valueOfParam = (p: ParamModel) =>
    p.in === "path" && p.name === op.destinationParam
      ? urlArbitrary.filter((url) => destinationProblem(url) === undefined)
      : arbitraryFor(p.schema, p.in, mode === "full");
  const group = (where: ParamModel["in"], stringify: boolean) =>
    fc.record(
      Object.fromEntries(pick(where).map((p) => [p.name, valueOfParam(p).map((v) => (stringify ? String(v) : v))])),
      {
        requiredKeys: pick(where)
          .filter((p) => p.required || mode === "minimal")
          .map((p) => p.name),
      },
    );
  const body = op.body
    ? fc
        .constantFrom(...(mode === "minimal" ? [preferredMedia(op)] : op.body.media))
        .chain((m) => arbitraryFor(m.schema, "body", mode === "full").map((value) => ({ mediaType: m.type, value })))
    : fc.constant(undefined);
  return fc
    .record({ pathParams: group("path", true), query: group("query", false), headers: group("header", true), body })
    .map((r) => {
      const spec: RequestSpec = {
        pathParams: r.pathParams as Record<string, string>,
        query: r.query,
        headers: r.headers as Record<string, string>,
      };
      if (r.body !== undefined) spec.body = r.body;
      return spec;
    });
}

function preferredMedia(op: OperationModel) {
  return op.body!.media.find((m) => m.type === "application/json") ?? op.body!.media[0];
}

function setParam(base: RequestSpec, param: ParamModel, value: unknown): RequestSpec {
  const next = structuredClone(base);
  if (param.in === "query") next.query[param.name] = value;
  else if (param.in === "header") next.headers[param.name] = String(value);
  else next.pathParams[param.name] = String(value);
  return next;
}

/** A valid scalar for a schema: its minimum, first enum value, or a plain default. */
function sampleScalar(schema: Schema, second = false): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[second ? schema.enum.length - 1 : 0];
  if (schema.type === "integer" || schema.type === "number") return (schema.minimum ?? 1) + (second ? 1 : 0);
  if (schema.type === "boolean") return !second;
  return second ? "second" : "first";
}

/** A deterministic value with every property present, so a constraint at any depth has a place to sit. */
export function fullValue(schema: Schema): unknown {
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.oneOf) return fullValue(schema.oneOf[0]);
  switch (schema.type) {
    case "object": {
      const props = Object.entries<Schema>(schema.properties ?? {});
      if (props.length === 0)
        return typeof schema.additionalProperties === "object"
          ? { key: fullValue(schema.additionalProperties) }
          : { key: "value" };
      return Object.fromEntries(props.map(([k, s]) => [k, fullValue(s)]));
    }
    case "array":
      return [fullValue(schema.items ?? {})];
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    case "string":
      return schema.format === "byte" ? "dGV4dA==" : "a".repeat(Math.max(schema.minLength ?? 0, 4));
    default:
      return "value";
  }
}

function wrongType(type: string): unknown {
  return type === "string"
    ? 12345
    : type === "array"
      ? { not: "an array" }
      : type === "object"
        ? ["not", "an", "object"]
        : `not-a-${type}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function getAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<any>((node, key) => node?.[key], value);
}

function setAt(value: unknown, path: (string | number)[], next: unknown): unknown {
  if (path.length === 0) return next;
  const copy: any = structuredClone(value);
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1]] = next;
  return copy;
}
