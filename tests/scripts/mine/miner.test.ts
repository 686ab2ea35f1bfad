import { describe, expect, test } from "vitest";
import { pageClaims, type MinedClaim } from "../../../scripts/mine/page-claims.ts";
import { readPage } from "../../../scripts/mine/page-items.ts";
import { openDocs } from "../../../scripts/mine/source.ts";
import { curlCommands } from "../../../scripts/mine/shell.ts";

const docs = openDocs("tests/fixtures/mdx");
const mine = (path: string) => pageClaims(readPage(docs, path), "demo");
const reference = mine("qstash/api/remove-parked.mdx");
const guide = mine("qstash/guides/sending.mdx");
const byId = (claims: MinedClaim[], suffix: string) => claims.find((c) => c.id === `demo/${suffix}`) as any;

describe("API reference page: tags, snippets, nesting", () => {
  test.each([
    [
      "param-query-cursor",
      {
        kind: "parameter",
        operation: "DELETE /v2/dlq",
        parameter: { name: "cursor", in: "query", type: "string", required: false },
      },
    ],
    ["body-dlqIds", { kind: "body", body: { field: "dlqIds", type: "string[]", required: true }, intent: "ids" }],
    [
      "param-header-Upstash-Retries",
      {
        kind: "parameter",
        parameter: { name: "Upstash-Retries", in: "header", type: "integer", default: 2 },
        source: { snippet: "_snippets/shared-headers.mdx", snippetLine: 1 },
      },
    ],
    ["response-items-dlqId", { kind: "response", response: { field: "items[].dlqId", type: "string" } }],
    ["response-items", { kind: "response", response: { field: "items", type: "object[]" } }],
    ["response-deleted", { kind: "response", response: { field: "deleted", type: "number" } }],
    ["response-example-l39", { kind: "response-example", response: { status: 200, body: { deleted: 2 } } }],
    ["status-200", { kind: "status", status: 200 }],
    ["server", { kind: "server", server: "https://qstash.upstash.io", source: { line: 3 } }],
    ["auth-bearer", { kind: "security", security: { in: "header", name: "Authorization" } }],
  ])("%s", (suffix, shape) => {
    expect(byId(reference.claims, suffix)).toMatchObject(shape);
  });

  test("a header family and nothing else is skipped, with the reason", () => {
    expect(reference.skipped.map((s) => s.reason)).toEqual(["header-family"]);
  });

  test("the snippet's fields carry the page line of the Snippet tag", () => {
    expect(byId(reference.claims, "param-header-Upstash-Retries").source.line).toBe(19);
  });
});

describe("request examples in four languages, as they go on the wire", () => {
  test.each([
    [
      "example-curl-l46",
      {
        method: "DELETE",
        url: "https://qstash.upstash.io/v2/dlq",
        body: '{"dlqIds": ["a-1", "b-2"]}',
        headers: { Authorization: "Bearer <token>", "Content-Type": "application/json" },
      },
    ],
    ["example-node-l53", { method: "DELETE", body: "[object Object]" }],
    [
      "example-python-l66",
      {
        method: "DELETE",
        body: "dlqIds=a-1&dlqIds=b-2",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      },
    ],
    [
      "example-go-l75",
      { method: "DELETE", body: '{"dlqIds": ["a-1"]}', headers: { "Content-Type": "application/json" } },
    ],
    [
      "example-python-l81",
      { method: "DELETE", url: "https://qstash.upstash.io/v2/dlq?cursor=7", body: '{"dlqIds": ["a-1"]}' },
    ],
  ])("%s", (suffix, example) => {
    const claim = byId(reference.claims, suffix);
    expect(claim).toMatchObject({ kind: "example", expect: { status: 200 }, intent: "ids", example });
  });

  test("every example of the reference page is judged, none left out", () => {
    expect(reference.examples).toBe(5);
    expect(reference.leftOut).toEqual([]);
  });
});

describe("a guide page: curl forms, placeholders, shell mistakes, the reader's own endpoints", () => {
  test("-XPOST, both quotes, XXX token and a destination URL in the path", () => {
    expect(byId(guide.claims, "example-curl-l8")).toMatchObject({
      operation: "POST /v2/publish/https://hooks.example.org/in",
      example: {
        method: "POST",
        headers: { Authorization: "Bearer <token>", "Upstash-Delay": "2m" },
        body: '{ "note": "hi" }',
      },
    });
    expect(byId(guide.claims, "example-curl-l8").expect).toBeUndefined();
  });

  test("a backslash followed by a blank: the body never reaches curl", () => {
    expect(byId(guide.claims, "shell-backslash-space-l21")).toMatchObject({
      kind: "shell",
      shell: { mistake: "backslash-space", line: 21 },
      example: { body: '{ "note": "hi" }' },
      actual: { method: "POST", headers: { Authorization: "Bearer <token>" } },
    });
    expect(byId(guide.claims, "shell-backslash-space-l21").actual.body).toBeUndefined();
  });

  test("a missing continuation: the header line runs on its own", () => {
    const claim = byId(guide.claims, "shell-missing-continuation-l26");
    expect(claim).toMatchObject({
      shell: { mistake: "missing-continuation", detail: "-H Authorization: Bearer <token>" },
    });
    expect(claim.actual.headers).toEqual({});
    expect(byId(guide.claims, "example-curl-l26").example.headers).toEqual({ Authorization: "Bearer <token>" });
  });

  test("an unquoted <placeholder> is a redirection; the judged request fills it in", () => {
    expect(byId(guide.claims, "shell-unquoted-placeholder-l31")).toMatchObject({
      shell: { detail: "<TARGET_URL>" },
      actual: "nothing",
    });
    expect(byId(guide.claims, "example-curl-l31").example.url).toBe(
      "https://qstash.upstash.io/v2/publish/https://example.com",
    );
  });

  test("two commands in one block, a comment between; :name and USER_GIVEN_KEY placeholders", () => {
    expect(byId(guide.claims, "example-curl-l35").operation).toBe("GET /v2/flowControl/USER_GIVEN_KEY");
    expect(byId(guide.claims, "example-curl-l37")).toMatchObject({
      operation: "POST /v2/topics/groupName/endpoints",
      example: { body: '{"endpoints":[]}' },
    });
  });

  test("calls to the reader's own endpoints are left out and counted", () => {
    expect(guide.examples).toBe(8);
    expect(guide.leftOut.map((l) => [l.language, l.reason])).toEqual([
      ["curl", "reader-endpoint"],
      ["node", "reader-endpoint"],
    ]);
  });

  test("no token, placeholder or otherwise, is stored", () => {
    expect(JSON.stringify(guide.claims)).not.toMatch(/XXX|QSTASH_TOKEN|Bearer (?!<token>)/);
  });
});

describe("the shell reader", () => {
  test.each([
    [
      "continuations and quotes",
      'curl -XPOST \\\n  -H \'A: b\' \\\n  -d "{\\"k\\": 1}" \\\n  https://q/v2/x',
      [],
      ["curl", "-XPOST", "-H", "A: b", "-d", '{"k": 1}', "https://q/v2/x"],
    ],
    [
      "a quoted newline stays in the word",
      "curl -d '[\n 1\n]' https://q/v2/x",
      [],
      ["curl", "-d", "[\n 1\n]", "https://q/v2/x"],
    ],
    [
      "backslash then blank",
      "curl https://q/v2/x \\ \n  -d 1",
      ["backslash-space"],
      ["curl", "https://q/v2/x", "-d", "1"],
    ],
  ])("%s", (_name, text, mistakes, words) => {
    const [command] = curlCommands(text, 1);
    expect(command.mistakes.map((m) => m.kind)).toEqual(mistakes);
    expect(command.intended.map((w) => w.text)).toEqual(words);
  });
});
