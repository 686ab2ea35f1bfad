import { beforeAll, describe, expect, test } from "vitest";
import { compileSnippets, ENTRY, type Said } from "../../helpers/compile.ts";
import { BULK_OPERATIONS, OPERATION_LIST, queryParams, type SpecOperation } from "../../helpers/spec-server.ts";

// Issue 13: a bulk call that makes no choice (no ids, no filter, no `all: true`) fails to compile with
// a message that says what to pass, in the compiler's own words. The messages are pinned here by
// compiling consumer snippets with the compiler API: every bulk operation of the generated facts, the
// page iterators over the paginated ones, and cancelMessages.

const PRELUDE = [
  `import { cancelMessages, createQStashClient, items, pages } from ${JSON.stringify(ENTRY)};`,
  `const client = createQStashClient({ token: "t" });`,
].join("\n");

/** The sentence the compiler shows for a refused bulk call (types.ts, BulkRefusal). */
const sentence = (
  who: string,
  ids: string,
  filters: readonly string[],
  where = "params.query",
  all = "pass all: true",
) =>
  `${who} with no ${ids} and no filter acts on everything: put ${ids} or a filter (${filters.join(", ")}) in ${where}, or ${all}`;
/** The whole diagnostic a refused argument gets. */
const refusal = (argument: string, text: string) =>
  `TS2345: Argument of type '${argument}' is not assignable to parameter of type '"${text}"'.`;

/** A value of the parameter's type, as a literal, from the generated description. */
function valueFor(op: SpecOperation, name: string): string {
  const { schema } = queryParams(op).find((p) => p.name === name)!;
  const scalar = (s: any) => (s.type === "string" ? '"x"' : s.type === "boolean" ? "true" : "1");
  return schema.type === "array" ? `[${scalar(schema.items)}]` : scalar(schema);
}

interface Case {
  title: string;
  code: string;
  /** The exact diagnostic lines expected; [] for a call that compiles. */
  expected: string[];
}

function bulkCases(op: SpecOperation): Case[] {
  const { ids, filters, limit, booleans } = op.bulk!;
  const verb = op.method;
  const path = JSON.stringify(op.path);
  const text = sentence(`${verb} ${op.path}`, ids, filters);
  const call = (init?: string) => `void client.${verb}(${path}${init === undefined ? "" : `, ${init}`});`;
  const query = (entries: string) => `{ params: { query: { ${entries} } } }`;
  const cases: Case[] = [
    { title: "no init", code: call(), expected: [refusal(op.path === "" ? "" : JSON.stringify(op.path), text)] },
    { title: "an empty init", code: call("{}"), expected: [refusal("{}", text)] },
    {
      title: "an empty query",
      code: call("{ params: { query: {} } }"),
      expected: [refusal("{ params: { query: {}; }; }", text)],
    },
    {
      title: "a filter built at run time, without all: false",
      code: `const filter: { ${filters[0]}?: ${valueType(op, filters[0]!)} } = {};\n${call("{ params: { query: filter } }")}`,
      expected: [refusal(`{ params: { query: { ${filters[0]}?: ${valueType(op, filters[0]!)}; }; }; }`, text)],
    },
    { title: "all: true", code: call("{ all: true }"), expected: [] },
    {
      title: "all: false with a filter built at run time",
      code: `const filter: { ${filters[0]}?: ${valueType(op, filters[0]!)} } = {};\n${call("{ all: false, params: { query: filter } }")}`,
      expected: [],
    },
    { title: `the ids (${ids})`, code: call(query(`${ids}: ${valueFor(op, ids)}`)), expected: [] },
    ...filters.map((name) => ({
      title: `the filter ${name}`,
      code: call(query(`${name}: ${valueFor(op, name)}`)),
      expected: [],
    })),
  ];
  if (limit) {
    cases.push({
      title: `only the cap (${limit})`,
      code: call(query(`${limit}: 10`)),
      expected: [refusal(`{ params: { query: { ${limit}: number; }; }; }`, text)],
    });
  }
  for (const name of booleans) {
    cases.push({
      title: `only the boolean ${name}`,
      code: call(query(`${name}: true`)),
      expected: [refusal(`{ params: { query: { ${name}: boolean; }; }; }`, text)],
    });
  }
  const list = op.bulk!.filters.find((name) => valueFor(op, name).startsWith("["));
  if (list) {
    cases.push({
      title: `an empty list for ${list}`,
      code: call(query(`${list}: []`)),
      expected: [refusal(`{ params: { query: { ${list}: never[]; }; }; }`, text)],
    });
  }
  return cases;
}

function valueType(op: SpecOperation, name: string): string {
  const value = valueFor(op, name);
  const scalar = (v: string) => (v.includes('"') ? "string" : v === "true" ? "boolean" : "number");
  return value.startsWith("[") ? `${scalar(value.slice(1, -1))}[]` : scalar(value);
}

function pageCases(op: SpecOperation): Case[] {
  const { ids, filters } = op.bulk!;
  const text = sentence(`${op.method} ${op.path}`, ids, filters);
  const args = `client, ${JSON.stringify(op.method)}, ${JSON.stringify(op.path)}`;
  return [
    { title: "pages() with no init", code: `void pages(${args});`, expected: [refusal(JSON.stringify(op.path), text)] },
    { title: "pages() with an empty init", code: `void pages(${args}, {});`, expected: [refusal("{}", text)] },
    { title: "pages() with all: true", code: `void pages(${args}, { all: true });`, expected: [] },
    {
      title: "pages() with a filter",
      code: `void pages(${args}, { params: { query: { ${filters[0]}: ${valueFor(op, filters[0]!)} } } });`,
      expected: [],
    },
  ];
}

const cancel = BULK_OPERATIONS.find((op) => op.id === "bulkCancelMessages")!;
const cancelText = sentence(
  "cancelMessages",
  cancel.bulk!.ids,
  cancel.bulk!.filters,
  "its scope (the second argument)",
  "pass { all: true } as its options",
);
const CANCEL_CASES: Case[] = [
  { title: "an empty scope", code: "void cancelMessages(client, {});", expected: [refusal("{}", cancelText)] },
  {
    title: "an empty scope with other options",
    code: "void cancelMessages(client, {}, { interval: 10, onProgress: (p) => p.state });",
    expected: [refusal("{}", cancelText)],
  },
  { title: "an empty scope and all: true", code: "void cancelMessages(client, {}, { all: true });", expected: [] },
  {
    title: "a filter",
    code: `void cancelMessages(client, { ${cancel.bulk!.filters[0]}: ${valueFor(cancel, cancel.bulk!.filters[0]!)} });`,
    expected: [],
  },
  { title: "ids", code: `void cancelMessages(client, { ${cancel.bulk!.ids}: ["m1"] });`, expected: [] },
  {
    title: "progress is typed from the spec",
    code: `void cancelMessages(client, { ${cancel.bulk!.ids}: ["m1"] }, { onProgress: (p) => { const s: "IN_PROGRESS" | "FINISHED" = p.state; void s; } });`,
    expected: [],
  },
];

const OTHER_CASES: Case[] = [
  {
    title: "all on an operation that is not bulk",
    code: 'void client.GET("/v2/dlq", { all: true });',
    expected: [
      `TS2353: Object literal may only specify known properties, and 'all' does not exist in type 'CallInit<"/v2/dlq", "get">'.`,
    ],
  },
  {
    title: "an excess body field on a JSON body",
    code: 'void client.POST("/v2/queues", { body: { queueName: "q", parallelism: 2, bogus: true } });',
    expected: [
      "TS2353: Object literal may only specify known properties, and 'bogus' does not exist in type '{ queueName: string; parallelism: number; }'.",
    ],
  },
];

const PAGINATED_BULK = BULK_OPERATIONS.filter((op) =>
  OPERATION_LIST.find((o) => o.id === op.id && (o as any).pagination),
);
const GROUPS: [string, Case[]][] = [
  ...BULK_OPERATIONS.map((op): [string, Case[]] => [`${op.method} ${op.path}`, bulkCases(op)]),
  ...PAGINATED_BULK.map((op): [string, Case[]] => [`pages() over ${op.method} ${op.path}`, pageCases(op)]),
  ["cancelMessages", CANCEL_CASES],
  ["other calls keep the compiler's own messages", OTHER_CASES],
];

let said: Said[];
beforeAll(() => {
  said = compileSnippets(
    PRELUDE,
    GROUPS.flatMap(([, cases]) => cases.map((c) => c.code)),
  );
}, 120_000);

test("the facts have bulk operations, some of them paginated", () => {
  expect(BULK_OPERATIONS.length).toBeGreaterThanOrEqual(5);
  expect(PAGINATED_BULK.length).toBeGreaterThanOrEqual(1);
});

let index = 0;
for (const [group, cases] of GROUPS) {
  describe(group, () => {
    for (const c of cases) {
      const at = index++;
      test(c.title, () => expect(said[at]!.lines).toEqual(c.expected));
    }
  });
}

test("no message is cut short: the compiler prints whole types up to a limit, and every sentence fits", () => {
  for (const { lines } of said) for (const line of lines) expect(line).not.toMatch(/\.\.\.["']/);
});
