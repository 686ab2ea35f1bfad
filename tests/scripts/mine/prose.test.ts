import { describe, expect, test } from "vitest";
import type { TextLine } from "../../../scripts/mine/mdx.ts";
import { parseMdx } from "../../../scripts/mine/mdx.ts";
import { statedLimit } from "../../../scripts/mine/limits.ts";
import { pageClaims, type MinedClaim } from "../../../scripts/mine/page-claims.ts";
import { readPage } from "../../../scripts/mine/page-items.ts";
import { namesIn } from "../../../scripts/mine/prose-names.ts";
import { lineOf, originAt, sentencesOf } from "../../../scripts/mine/sentences.ts";
import { openDocs } from "../../../scripts/mine/source.ts";

const docs = openDocs("tests/fixtures/mdx");
const wording = pageClaims(readPage(docs, "qstash/guides/wording.mdx"), "w");
const reference = pageClaims(readPage(docs, "qstash/api/remove-parked.mdx"), "r");
const byId = (claims: MinedClaim[], suffix: string) => claims.find((c) => c.id.endsWith(`/${suffix}`)) as any;

describe("prose lines and sentences", () => {
  const page = parseMdx(
    [
      "---",
      "title: x",
      "---",
      "Set `a.b` here. Then",
      "go on, e.g. like this.",
      "",
      "```sh",
      "curl x",
      "```",
      '<ParamField query="count" type="int">',
      "  At most 5. {/* hidden */}",
      "</ParamField>",
      "- one item",
      "  that goes on",
      "| a | b |",
      "Ask for `<QSTASH_TOKEN>` and \\{id}.",
    ].join("\n"),
    "p.mdx",
  );
  const sentences = sentencesOf(page.text);

  test("code blocks, tags and comments are not prose; placeholders and escaped braces are", () => {
    const texts = page.text.filter((l: TextLine) => l.form !== "break").map((l) => l.text);
    expect(texts).not.toContain("curl x");
    expect(texts).toContain("At most 5.");
    expect(texts.at(-1)).toBe("Ask for `<QSTASH_TOKEN>` and {id}.");
  });

  test("a sentence runs across lines and ends at a period outside code spans, not after an abbreviation", () => {
    expect(sentences.map((s) => s.text)).toEqual([
      "Set `a.b` here.",
      "Then go on, e.g. like this.",
      "At most 5.",
      "one item that goes on",
      "| a | b |",
      "Ask for `<QSTASH_TOKEN>` and {id}.",
    ]);
  });

  test("each part keeps its line, and the field it describes", () => {
    expect(lineOf(originAt(sentences[1], 0))).toBe(4);
    expect(lineOf(originAt(sentences[1], 8))).toBe(5);
    expect(sentences[2].field?.attrs.query).toBe("count");
    expect(sentences[3].form).toBe("list-item");
    expect(sentences[4].form).toBe("table-row");
  });
});

describe("names a sentence gives", () => {
  test.each([
    ["set `Upstash-Header-Forward: true` on it", [{ form: "header", name: "Upstash-Header-Forward", value: "true" }]],
    ["set the `Upstash-X` header to `false`", [{ form: "header", name: "Upstash-X", value: "false" }]],
    ["prefixed with `Upstash-Forward-`", [{ form: "header", name: "Upstash-Forward-*" }]],
    ["the `Upstash-Callback` prefix", [{ form: "header", name: "Upstash-Callback-*" }]],
    [
      "such as ?upstash-retries=3&upstash-delay=100s.",
      [
        { form: "query", name: "upstash-retries", value: "3" },
        { form: "query", name: "upstash-delay", value: "100s" },
      ],
    ],
    ["see https://console.example.com/x?tab=details", []],
    [
      "use https://qstash.upstash.io/v2/publish/https://a.example/b?qstash_token=SECRET",
      [
        { form: "endpoint", path: "/v2/publish/https://a.example/b" },
        { form: "query", name: "qstash_token" },
      ],
    ],
    [
      "Added order query parameter to [/v2/events](/x) and [/v2/dlq](/y).",
      [
        { form: "query", name: "order" },
        { form: "endpoint", path: "/v2/events" },
        { form: "endpoint", path: "/v2/dlq" },
      ],
    ],
    [
      "New `POST /v2/flowControl/:key/reset` endpoint.",
      [{ form: "endpoint", method: "POST", path: "/v2/flowControl/:key/reset" }],
    ],
    ["an optional `search` query parameter", [{ form: "query", name: "search" }]],
    ["the query parameters of a call", []],
  ])("%s", (sentence, expected) => {
    expect(namesIn(sentence).map(({ offset: _, ...rest }) => rest)).toEqual(expected);
  });

  test("a token in a query string is never kept", () => {
    expect(JSON.stringify(namesIn("`/v2/dlq?qstash_token=abc123`"))).not.toContain("abc123");
  });
});

describe("limits stated in words", () => {
  test.each([
    ["The number to return. Default and maximum is 100.", { default: 100, maximum: 100 }],
    ['Valid values are "earliestFirst" and "latestFirst". ', { enum: ["earliestFirst", "latestFirst"] }],
    ['The default is "latestFirst".', { default: "latestFirst" }],
    ["Defaults to `100`.", { default: 100 }],
    ["Defaults to a system-defined value.", undefined],
    ["It takes between 1 and 50 ids.", { minimum: 1, maximum: 50 }],
    ["By default, we retry a failed delivery 3 times.", { default: 3 }],
    ["It can take up to 60 seconds.", undefined],
    ["at least 2 and no more than 9", { minimum: 2, maximum: 9 }],
  ])("%s", (sentence, limit) => {
    expect(statedLimit(sentence)).toEqual(limit);
  });
});

describe("a page of prose, as claims", () => {
  test("a header the reader sends on a call the words name, with its value", () => {
    expect(byId(wording.claims, "prose-header-Upstash-Delay-l7")).toMatchObject({
      kind: "prose",
      operation: "POST /v2/publish/https://example.com",
      prose: { names: "header", name: "Upstash-Delay", value: "30s", context: "words" },
    });
  });

  test("query names with no call named are claimed for any operation", () => {
    expect(byId(wording.claims, "prose-query-upstash-tag-l9")).toMatchObject({
      operation: "ANY *",
      prose: { value: "x" },
    });
  });

  test("endpoints keep their method and path as written; a parameter goes with the path its sentence names", () => {
    expect(byId(wording.claims, "prose-endpoint-POST-v2-dlq-dlqId-revive-l16")).toMatchObject({
      operation: "POST /v2/dlq/:dlqId/revive",
      prose: { names: "endpoint", method: "POST", path: "/v2/dlq/:dlqId/revive" },
    });
    expect(byId(wording.claims, "prose-query-order-v2-logs-l18")).toMatchObject({
      operation: "ANY /v2/logs",
      prose: { names: "query", name: "order", context: "sentence" },
    });
  });

  test("a limit stated before the sentence that names its parameter", () => {
    expect(byId(wording.claims, "limit-header-Upstash-Retries-l11")).toMatchObject({
      kind: "limit",
      operation: "ANY *",
      limit: { name: "Upstash-Retries", in: "header", default: 3 },
      source: { line: 11 },
    });
  });

  test("what names nothing, what QStash sends, a plan's limit and a table row are left out, each with its reason", () => {
    expect(wording.sentencesLeftOut.map((l) => [l.line, l.reason])).toEqual([
      [5, "sent-by-qstash"],
      [8, "names-nothing"],
      [14, "no-direction"],
      [14, "limit-of-plan"],
      [22, "table-row"],
    ]);
    expect(wording.sentences).toBeGreaterThan(wording.sentencesLeftOut.length + 5);
  });

  test("on an API reference page, a sentence's parameters belong to the page's call", () => {
    expect(reference.claims.filter((c) => c.kind === "prose" || c.kind === "limit")).toEqual([]);
    expect(reference.sentencesLeftOut.map((l) => l.reason)).toEqual(["names-nothing"]);
  });
});
