/**
 * Fuzzes the live gate: arbitrary methods, paths (spec paths bent every way servers bend them),
 * queries and headers go through the gate to a recording stand-in. Whatever arrives is read back
 * by an oracle written here, apart from the gate's own code, the way a lenient server following the
 * spec would read it. Nothing that reads as "everything" may arrive, nor, read-only, anything that
 * changes state. Seeded; FC_SEED replays a run, FC_RUNS sets the number of requests per mode.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { useGatesInFrontOfRecorder, sendRaw } from "./cases.ts";

const description = JSON.parse(readFileSync("generated/qstash.openapi.json", "utf8"));
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.FC_RUNS ?? 250);

// ---- the oracle: what the spec says, read straight from the description ----

interface Template {
  method: string;
  path: string;
  segments: string[];
  query: string[];
  /** x-qstash-bulk: the id parameter and the filters (declared query names that are not ids, limit or cursor). */
  bulk?: { ids: string; filters: string[] };
}

const TEMPLATES: Template[] = Object.entries<Record<string, any>>(description.paths).flatMap(([path, item]) =>
  Object.entries<any>(item)
    .filter(([method]) => ["get", "post", "put", "delete", "patch"].includes(method))
    .map(([method, op]) => {
      const query = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map((p: any) => (p.$ref ? description.components.parameters[p.$ref.split("/").pop()] : p))
        .filter((p: any) => p.in === "query")
        .map((p: any) => p.name as string);
      const marked = op["x-qstash-bulk"];
      const notFilters = new Set([marked?.ids, marked?.limit, op["x-qstash-pagination"]?.cursor]);
      const bulk = marked ? { ids: marked.ids as string, filters: query.filter((n) => !notFilters.has(n)) } : undefined;
      return { method: method.toUpperCase(), path, segments: path.split("/"), query, bulk };
    }),
);

/** Decodes percent-escapes until nothing changes (at most three rounds); bad escapes stay. */
function decodeAll(text: string): string {
  let current = text;
  for (let round = 0; round < 3; round++) {
    const next = current.replace(/%[0-9a-f]{2}/gi, (escaped) => {
      try {
        return decodeURIComponent(escaped);
      } catch {
        return String.fromCharCode(parseInt(escaped.slice(1), 16));
      }
    });
    if (next === current) break;
    current = next;
  }
  return current;
}

/** The path as sent, and as the most lenient server reads it (decoded, folded, trimmed, collapsed, dots resolved). */
function oraclePaths(raw: string): { path: string; keepsQuery: boolean }[] {
  let lenient = decodeAll(raw)
    .replace(/\\/g, "/")
    .replace(/[\t\n\r]/g, "");
  const cut = lenient.search(/[\0?#]/);
  const keepsQuery = cut < 0;
  if (!keepsQuery) lenient = lenient.slice(0, cut);
  const out: string[] = [];
  for (const segment of lenient.normalize("NFKC").split("/")) {
    const clean = segment.split(";")[0];
    const trimmed = /^\.\.?$/.test(clean) ? clean : clean.replace(/[\s.]+$/u, "").trim();
    if (trimmed === "" || trimmed === ".") continue;
    if (trimmed === "..") out.pop();
    else out.push(trimmed);
  }
  return [
    { path: raw, keepsQuery: true },
    { path: `/${out.join("/")}`, keepsQuery },
  ];
}

function templatesFor(method: string, path: string): Template[] {
  const segments = path.split("/");
  return TEMPLATES.filter(
    (t) =>
      t.method === method &&
      t.segments.length === segments.length &&
      t.segments.every((part, i) =>
        part.startsWith("{") ? segments[i] !== "" : part.toLowerCase() === decodeAll(segments[i]).toLowerCase(),
      ),
  );
}

const isBlank = (value: string) =>
  decodeAll(value).replace(/[\s\u0085\u200b-\u200d\u2060\ufeff,;[\]"'\0]/gu, "") === "";

/** Every way the oracle reads a request that reached the server: method, matching template, whether a scope was given. */
function readings(method: string, url: string, headers: Record<string, unknown>, body: string) {
  const [rawPath, ...rest] = url.split("?");
  const query = new URLSearchParams(rest.join("?"));
  const overrides = ["x-http-method-override", "x-http-method", "x-method-override"]
    .map((h) => headers[h])
    .filter(Boolean)
    .map(String);
  const methods = new Set([
    method,
    ...(method === "HEAD" ? ["GET"] : []),
    ...overrides.map((m) => m.trim().toUpperCase()),
  ]);
  for (const [name, value] of query) if (name.toLowerCase() === "_method") methods.add(value.toUpperCase());
  if (/_method=(\w+)/i.test(body)) methods.add(/_method=(\w+)/i.exec(body)![1].toUpperCase());
  return [...methods].flatMap((m) =>
    oraclePaths(rawPath).flatMap(({ path, keepsQuery }) =>
      templatesFor(m, path).map((template) => {
        const given = (name: string) =>
          keepsQuery && query.getAll(name).length > 0 && query.getAll(name).every((v) => !isBlank(v));
        const everything =
          template.bulk !== undefined && !given(template.bulk.ids) && !template.bulk.filters.some(given);
        return { method: m, template, everything };
      }),
    ),
  );
}

// ---- the generators: spec paths bent the way servers and proxies bend them ----

const BLANKS = ["", "%20", "+", "%09", "%C2%A0", "%E2%80%8B", "%EF%BB%BF", "%2C", "%2520", "%E3%80%80", "%0A"];
const encodeChar = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`;

const MUTATIONS: ((path: string, pick: number) => string)[] = [
  (p) => p.toUpperCase(),
  (p, n) => p.replace(/[a-z]/g, (c, i) => (i % (n + 2) === 0 ? encodeChar(c) : c)),
  (p, n) => p.replace(/[a-z]/g, (c, i) => (i % (n + 2) === 0 ? `%25${c.charCodeAt(0).toString(16)}` : c)),
  (p) => `${p}/`,
  (p) => p.replace("/", "//"),
  (p) => `/${p}`,
  (p) => `${p}/.`,
  (p) => `${p}/%2e`,
  (p) => `${p}/x/..`,
  (p) => `${p}/x/%2E%2E`,
  (p) => p.replace(/\/([^/]+)$/, "/x/../$1"),
  (p) => `${p};v=1`,
  (p) => p.replace(/\//g, "\\"),
  (p) => `${p}%00`,
  (p) => `${p}%00/tail`,
  (p) => `${p}%20`,
  (p) => `${p}.`,
  (p) => `${p}%3F`,
  (p) => `${p}%23`,
  (p) => `${p}%2F`,
  (p) => p.replace(/d/, "%EF%BD%84"),
  (p) => `${p}/extra`,
  (p) => p.replace(/\/[^/]*$/, ""),
];

/** A spec operation, its path filled with a value (fine or nasty) and then bent by up to four mutations. */
const pathArbitrary = (template: Template) =>
  fc
    .tuple(
      fc.constantFrom("id1", "..", ".", "%2e%2e", "x%2F..", "%20", "a%2Fb", "sample"),
      fc.array(fc.tuple(fc.integer({ min: 0, max: MUTATIONS.length - 1 }), fc.nat(5)), { maxLength: 4 }),
    )
    .map(([value, mutations]) =>
      mutations.reduce((path, [which, n]) => MUTATIONS[which](path, n), template.path.replace(/\{[^}]+\}/g, value)),
    );

const NAMES = [...new Set(TEMPLATES.flatMap((t) => t.query)), "_method", "ids", "DLQIDS", "dlqIds[]", "filter"];
const queryArbitrary = fc
  .array(
    fc.tuple(
      fc.constantFrom(...NAMES),
      fc.oneof(fc.constantFrom(...BLANKS), fc.constantFrom("id1", "nightly", "DELETE", "a;b", ";a", "5")),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([n, v]) => `${encodeURIComponent(n)}=${v}`).join("&")}` : ""));

/** Mostly nothing, sometimes one of the given values. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary, weight: 1 });

const headersArbitrary = sometimes(
  fc.record({
    name: fc.constantFrom("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override", "X-Other"),
    value: fc.constantFrom("DELETE", "delete", "POST", "GET"),
  }),
);

// The operation's own method most of the time, any method otherwise.
const requestArbitrary = fc.constantFrom(...TEMPLATES).chain((template) =>
  fc.record({
    method: fc.oneof(
      fc.constant(template.method),
      fc.constantFrom("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"),
    ),
    target: fc.tuple(pathArbitrary(template), queryArbitrary).map(([path, query]) => `${path}${query}`),
    header: headersArbitrary,
    body: sometimes(fc.constantFrom("_method=DELETE", '{"dlqIds":["d1"]}', "x")),
  }),
);

// ---- the run ----

const setup = useGatesInFrontOfRecorder(description);

describe(`the live gate under fuzzing (seed ${SEED}, ${RUNS} requests per mode; replay with FC_SEED=${SEED})`, () => {
  for (const mode of ["writes", "readOnly"] as const) {
    it(`${mode === "writes" ? "with --allow-writes" : "read-only"}: nothing that reads as "everything"${mode === "readOnly" ? " or changes state" : ""} reaches the server`, async () => {
      let forwarded = 0;
      await fc.assert(
        fc.asyncProperty(requestArbitrary, async (r) => {
          const before = setup.recorder.received.length;
          const headers = r.header ? { [r.header.name]: r.header.value } : {};
          const sent = { method: r.method, target: r.target, headers, body: r.body };
          await sendRaw(setup.gates[mode].url, sent).catch(() => 0);
          for (const got of setup.recorder.received.slice(before)) {
            forwarded += 1;
            for (const reading of readings(got.method, got.url, got.headers, got.body)) {
              const what = `${got.method} ${got.url} read as ${reading.method} ${reading.template.path}`;
              expect(reading.everything, `${what} acts on everything`).toBe(false);
              if (mode === "readOnly")
                expect(["GET", "HEAD", "OPTIONS"], `${what} changes state`).toContain(reading.method);
            }
            if (mode === "readOnly") expect(["GET", "HEAD", "OPTIONS"]).toContain(got.method);
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
      // The property would hold trivially if nothing got through.
      expect(forwarded).toBeGreaterThan(RUNS / 20);
    }, 120_000);
  }
});
