import { describe, expect, test } from "vitest";
import { bulkScope, decodeLoosely, isBlank, onTemplate, queryOf } from "../../../src/scope.ts";

// The scope rules one function at a time, with the values that tell each rule apart. The guard
// tests (blank-scope, scope-fuzz, raw-paths) show the same rules through the client.

describe("isBlank", () => {
  test.each<[string, unknown]>([
    ["undefined", undefined],
    ["null", null],
    ["an empty list", []],
    ["a list with one blank value", ["id-1", " "]],
    ["a nested blank list", [["id-1"], []]],
    ["a control character", "\u0001"],
    ["a format character (U+0600)", "\u0600"],
    ["a default-ignorable mark (U+034F)", "\u034f"],
    ["punctuation that names nothing", ",;[]{}\"'()"],
    ["a comma", ","],
    ["a semicolon", ";"],
    ["a bracket", "["],
    ["a closing bracket", "]"],
    ["a brace", "{"],
    ["a closing brace", "}"],
    ["a double quote", '"'],
    ["a single quote", "'"],
    ["a parenthesis", "("],
    ["a closing parenthesis", ")"],
    ["a space encoded once", "%20"],
    ["a space encoded twice", "%2520"],
    ["an ideographic space, UTF-8 encoded", "%E3%80%80"],
    ["the same in lower case", "%e3%80%80"],
    ["a byte that is no UTF-8, read as Latin-1 (no-break space)", "%A0"],
    ["two such bytes", "%A0%85"],
    ["a blank value before a ;", " ;x"],
  ])("%s is blank", (_what, value) => {
    expect(isBlank(value)).toBe(true);
  });

  test.each<[string, unknown]>([
    ["a word", "x"],
    ["a word in blanks", " x "],
    ["0", 0],
    ["false", false],
    ["a list of words", ["a", "b"]],
    ["a value after a ; that is not blank", "x;"],
    ["a space encoded three times", "%252520"],
    ["an escape that is no byte", "%zz"],
    ["a lone %", "%"],
    ["a byte that is no UTF-8 beside a word", "%A0x"],
    ["a letter encoded", "%41"],
  ])("%s is not blank", (_what, value) => {
    expect(isBlank(value)).toBe(false);
  });
});

describe("decodeLoosely", () => {
  test.each<[string, string]>([
    ["a%20b", "a b"],
    ["%E3%80%80", "\u3000"],
    ["%e3%80%80", "\u3000"],
    ["%C3%A9%41", "éA"],
    ["%A0", "\u00a0"],
    ["%C3", "\u00c3"],
    ["%ff%fe-%41", "\u00ff\u00fe-A"],
    ["100%", "100%"],
    ["%zz%2", "%zz%2"],
    ["%2520", "%20"],
  ])("%j reads as %j", (text, want) => {
    expect(decodeLoosely(text)).toBe(want);
  });
});

describe("bulkScope", () => {
  const facts = { ids: "messageIds", filters: ["label", "queueName"] };

  test.each<[string, Record<string, unknown> | URLSearchParams | undefined, string]>([
    ["ids", { messageIds: ["m1"] }, "ids"],
    ["ids beside a filter", { messageIds: ["m1"], label: "x" }, "ids"],
    ["the second filter only", { queueName: "q" }, "filter"],
    ["a blank filter beside a real one", { label: " ", queueName: "q" }, "filter"],
    ["blank ids, a real filter", { messageIds: [" "], label: "x" }, "filter"],
    ["only names the facts do not list", { other: "x", count: 3 }, "everything"],
    ["nothing", {}, "everything"],
    ["no query at all", undefined, "everything"],
    ["ids in a URL query", new URLSearchParams("messageIds=m1"), "ids"],
    ["a filter in a URL query", new URLSearchParams("queueName=q"), "filter"],
    ["a repeated filter with a blank one", new URLSearchParams("label=x&label=%20"), "everything"],
    ["ids given empty in a URL query", new URLSearchParams("messageIds="), "everything"],
    ["a URL query with other names", new URLSearchParams("other=x"), "everything"],
  ])("%s: %s", (_what, query, want) => {
    expect(bulkScope(facts, query)).toBe(want);
  });

  test("only the query's own names count: inherited ones are no scope", () => {
    const inherited = Object.create({ messageIds: ["m1"], label: "x" }) as Record<string, unknown>;
    expect(bulkScope(facts, inherited)).toBe("everything");
  });
});

describe("queryOf", () => {
  test.each<[string, Record<string, string[]>]>([
    ["/v2/dlq", {}],
    ["/v2/dlq?a=1&a=2&b=x%20y", { a: ["1", "2"], b: ["x y"] }],
    ["/v2/dlq?a=1#b=2", { a: ["1"] }],
    ["/v2/dlq?a=1?b=2", { a: ["1?b=2"] }],
    ["/v2/dlq#x?a=1", {}],
  ])("%s", (target, want) => {
    expect(queryOf(target)).toEqual(want);
  });
});

describe("onTemplate", () => {
  test.each<[string, string, boolean]>([
    ["/v2/dlq", "/v2/dlq", true],
    ["/v2/dlq", "/V2/DLQ", true],
    ["/v2/dlq/d-1", "/v2/dlq/{dlqId}", true],
    ["/v2/dlq", "/v2/dlq/{dlqId}", false],
    ["/v2/dlq/", "/v2/dlq/{dlqId}", false],
    ["/v2/dlq/d-1/x", "/v2/dlq/{dlqId}", false],
    ["/v2/dlx", "/v2/dlq", false],
    ["/v2/dlq/retry", "/v2/dlq/{dlqId}", true],
  ])("%s on %s: %s", (route, template, want) => {
    expect(onTemplate(route, template)).toBe(want);
  });
});
