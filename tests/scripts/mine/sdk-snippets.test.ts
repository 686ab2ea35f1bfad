import { describe, expect, test } from "vitest";
import { readPage } from "../../../scripts/mine/page-items.ts";
import { hasPython, pythonSdk, type PythonSdk } from "../../../scripts/mine/py-snippets.ts";
import { sdkSnippets } from "../../../scripts/mine/sdk-snippets.ts";
import { openDocs } from "../../../scripts/mine/source.ts";
import { createRequire } from "node:module";
import { closeTheDoors, MAX_REQUESTS, runSnippets } from "../../../scripts/mine/ts-run.ts";
import { compileSnippets, type SnippetSource } from "../../../scripts/mine/ts-snippets.ts";

const docs = openDocs("tests/fixtures/mdx");
const require = createRequire(import.meta.url);
const qstash = (text: string, more: Partial<SnippetSource> = {}): SnippetSource => ({
  text,
  sdk: "@upstash/qstash",
  javascript: false,
  jsx: false,
  ...more,
});

describe("which blocks are SDK snippets", () => {
  test("every TS and Python block of an SDK page, with the SDK it shows", () => {
    const ts = sdkSnippets(readPage(docs, "qstash/sdks/ts/sample.mdx"));
    const py = sdkSnippets(readPage(docs, "qstash/sdks/py/sample.mdx"));
    expect(ts.map((s) => [s.language, s.sdk, s.block.at.line])).toEqual([
      ["typescript", "@upstash/qstash", 8],
      ["typescript", "@upstash/qstash", 17],
      ["typescript", "@upstash/qstash", 23],
      ["typescript", "@upstash/qstash", 31],
    ]);
    expect(py.map((s) => s.sdk)).toEqual(["qstash-py", "qstash-py", "qstash-py"]);
  });

  test("a guide's blocks only when they build or call a client", () => {
    expect(sdkSnippets(readPage(docs, "qstash/guides/sending.mdx"))).toEqual([]);
  });
});

// One program for all: compiling is the slow part (the SDK's declarations), so the cases share it.
const compiled = compileSnippets([
  qstash(
    'import { Client } from "@upstash/qstash";\nconst c = new Client({ token: "t" });\nawait c.dlq.listMessages({});',
  ),
  qstash('await client.schedule.create({ destination: "https://a.example", cron: "* * * * *" });'),
  qstash("const body = await req.json();\nawait client.messages.cancel(body.id);\nreturn body;"),
  qstash("await client.publishJSON({ ... });"),
  qstash("function f(x) { return x; }\nf(1);", { javascript: true }),
  qstash('import { NextRequest } from "next/server";\nexport async function POST(r: NextRequest) { return r; }'),
  qstash('await client.publishJSON({ url: "https://a.example", body: { a: 1 }, delay: "soon" });'),
  qstash(
    "const { messages } = await client.dlq.listMessages({});\nconst { messages } = await client.dlq.listMessages({});",
  ),
]);

describe("compiling snippets against the installed SDK types", () => {
  test("a whole snippet that fits compiles, and its SDK calls are named by class and member", () => {
    expect(compiled[0]).toMatchObject({ diagnostics: [], elided: [] });
    expect(compiled[0].calls).toEqual(["Client", "DLQ.listMessages"]);
  });

  test("a left-out client is declared as the SDK's Client, so a member it lacks is reported, with its name", () => {
    expect(compiled[1].elided).toEqual(["client"]);
    expect(compiled[1].diagnostics).toEqual([expect.objectContaining({ line: 1, code: 2551, at: "schedule" })]);
  });

  test("a handler's body: its return wrapped, its request declared, nothing reported", () => {
    expect(compiled[2]).toMatchObject({ wrapped: true, diagnostics: [] });
    expect(compiled[2].elided.sort()).toEqual(["client", "req"]);
  });

  test("an elision written `...` does not parse and is not compiled", () => {
    expect(compiled[3].syntax).toMatchObject({ line: 1 });
    expect(compiled[3].diagnostics).toEqual([]);
  });

  test("a JavaScript block is not asked for annotations; a framework that is not installed is declared", () => {
    expect(compiled[4].diagnostics).toEqual([]);
    expect(compiled[5]).toMatchObject({ elidedModules: ["next/server"], diagnostics: [] });
  });

  test("a value of the wrong type is reported where it stands", () => {
    expect(compiled[6].diagnostics).toEqual([expect.objectContaining({ code: 2322, at: "delay" })]);
  });

  test("alternatives shown one after the other are the page's layout, not a finding", () => {
    expect(compiled[7].diagnostics).toEqual([]);
  });
});

describe("running snippets against the recorder", () => {
  const runs = runSnippets([
    {
      text: 'import { Client } from "@upstash/qstash";\nconst c = new Client({ token: "<QSTASH_TOKEN>", baseUrl: "https://elsewhere.example" });\nawait c.publishJSON({ url: "https://a.example/hook", body: { n: 1 } });',
      sdk: "@upstash/qstash",
      elided: [],
      wrapped: false,
    },
    {
      text: "while (true) await client.dlq.listMessages({});",
      sdk: "@upstash/qstash",
      elided: ["client"],
      wrapped: false,
    },
    {
      text: "await client.messages.cancel(req.id);",
      sdk: "@upstash/qstash",
      elided: ["client", "req"],
      wrapped: false,
    },
    {
      text: 'const https = require("node:https");\nhttps.get("https://example.com/");',
      sdk: "@upstash/qstash",
      elided: [],
      wrapped: false,
    },
    {
      text: 'import { Client } from "@upstash/qstash";\nconst { runs } = { runs: 1 };\nconst { runs } = { runs: 2 };\nawait new Client({ token: "t" }).dlq.listMessages({});',
      sdk: "@upstash/qstash",
      elided: [],
      wrapped: false,
    },
  ]);

  test("a request goes to the recorder wherever the snippet points it, as the SDK sends it", async () => {
    const [run] = await runs;
    expect(run.stopped).toBeUndefined();
    expect(run.requests).toEqual([
      expect.objectContaining({
        method: "POST",
        path: "/v2/publish/https://a.example/hook",
        body: { text: '{"n":1}' },
      }),
    ]);
  });

  test("a loop that follows the mock stops at the request bound", async () => {
    const run = (await runs)[1];
    expect(run.requests).toHaveLength(MAX_REQUESTS);
    expect(run.stopped).toBe(`request bound (${MAX_REQUESTS}) reached`);
  });

  test("left-out context stops the snippet where it is first used, saying what it needed", async () => {
    expect((await runs)[2]).toEqual({ requests: [], stopped: "needs the reader's req" });
  });

  test("a module other than the SDKs is left-out context: the snippet stops before it reaches anything", async () => {
    expect((await runs)[3]).toEqual({ requests: [], stopped: "needs the reader's module node:https" });
  });

  test("alternatives that redeclare a name all run", async () => {
    expect((await runs)[4].requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v2/dlq"]);
  });
}, 60_000);

describe("while snippets run, the SDKs reach nothing but the recorder", () => {
  test("no QSTASH_* variable, no http(s) beyond loopback, no child process; all back afterwards", () => {
    process.env.QSTASH_DEV = "true";
    const reopen = closeTheDoors();
    try {
      expect(process.env.QSTASH_DEV).toBeUndefined();
      expect(() => require("node:https").get("https://example.com/")).toThrow(/tried to reach example\.com/);
      expect(() => require("node:child_process").spawn("true")).toThrow(/tried to start a process/);
    } finally {
      reopen();
    }
    expect(process.env.QSTASH_DEV).toBe("true");
    delete process.env.QSTASH_DEV;
  });
});

describe("Python snippets against qstash-py's signatures", () => {
  const sdk = pythonSdk() as PythonSdk;

  test("python3 and the pinned facts are here", () => {
    expect(hasPython()).toBe(true);
    expect(sdk.commit).toMatch(/^75c133af/);
  });

  test("attributes, methods, keywords and required arguments are checked; the request narrows to what is passed", async () => {
    const [checked] = await sdk.check([
      'client = QStash("t")\nclient.dlq.list(cursor="c")\nclient.event.list()\nclient.queue.upsert(parallelism=2)\nm = client.message\nm.publish_json(url="u", colour="red")',
    ]);
    expect(checked.calls.map((c) => [c.line, c.call, c.problems.length])).toEqual([
      [2, "dlq.list", 0],
      [3, "event.list", 1],
      [4, "queue.upsert", 1],
      [6, "message.publish_json", 1],
    ]);
    expect(checked.calls[1].problems[0]).toMatch(/no attribute `event`/);
    expect(checked.calls[2].problems[0]).toMatch(/requires `queue`/);
    expect(checked.calls[3].problems[0]).toMatch(/no parameter `colour`/);
    expect(checked.calls[0].request).toMatchObject({ method: "GET", path: "/v2/dlq", query: [{ name: "cursor" }] });
  });

  test("elided arguments are not checked; a snippet that does not parse says where", async () => {
    const [elided, broken] = await sdk.check(["client.message.publish_json(...)", "def f(:\n  pass"]);
    expect(elided.calls).toEqual([
      expect.objectContaining({ call: "message.publish_json", problems: [], elided: true }),
    ]);
    expect(broken.syntax).toMatchObject({ line: 1 });
  });
});
