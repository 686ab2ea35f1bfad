import { describe, expect, test } from "vitest";
import { assertBulkChoice, fillPath } from "../../src/guards.ts";
import { BULK } from "../../src/operation-facts.ts";

describe("fillPath", () => {
  test.each([
    ["no values at all", undefined],
    ["undefined", { dlqId: undefined }],
    ["null", { dlqId: null }],
    ["blank", { dlqId: " \t" }],
  ])("%s is refused as empty, never sent as text", (_case, values) => {
    expect(() => fillPath("/v2/dlq/{dlqId}", values as any)).toThrow(
      '/v2/dlq/{dlqId}: path parameter "dlqId" is empty or blank; nothing was sent',
    );
  });

  test("a dot step is refused with the value quoted", () => {
    expect(() => fillPath("/v2/dlq/{dlqId}", { dlqId: "a/../b" })).toThrow(
      '/v2/dlq/{dlqId}: path parameter "dlqId" is "a/../b": the URL would drop a "." or ".." step; nothing was sent',
    );
  });

  test("values are one encoded segment each, read once even when the template repeats them", () => {
    let reads = 0;
    const values = {
      get id() {
        reads++;
        return "a/b c";
      },
    };
    expect(fillPath("/x/{id}/y/{id}", values)).toBe("/x/a%2Fb%20c/y/a%2Fb%20c");
    expect(reads).toBe(1);
  });

  test("a destination goes raw; the same value under another name is encoded", () => {
    const values = { destination: "https://a.com/x?k=1", other: "https://a.com/x?k=1" };
    expect(fillPath("/p/{destination}", values, "destination")).toBe("/p/https://a.com/x?k=1");
    expect(fillPath("/p/{other}", values, "destination")).toBe("/p/https%3A%2F%2Fa.com%2Fx%3Fk%3D1");
  });
});

describe("assertBulkChoice", () => {
  const dlq = BULK.find((facts) => facts.method === "DELETE" && facts.path === "/v2/dlq")!;
  const refusal = (query: string, asked = dlq.path, all = false) => {
    try {
      assertBulkChoice(dlq, new URLSearchParams(query), all, asked);
      return "allowed";
    } catch (error) {
      return (error as Error).message;
    }
  };
  const fix = "nothing was sent (pass all: true if you mean that)";

  test("no ids and no filter: refused, naming the operation", () => {
    expect(refusal("")).toBe(`DELETE /v2/dlq: no ids and no filter, so it would act on everything; ${fix}`);
  });

  test("only blank ids: refused, saying so", () => {
    expect(refusal(`${dlq.ids}=%20&${dlq.ids}=`)).toBe(
      `DELETE /v2/dlq: "${dlq.ids}" holds only blank ids, so it would act on everything; ${fix}`,
    );
  });

  test("a path that reaches the bulk operation in another form is quoted as asked", () => {
    expect(refusal("", "/v2/./dlq")).toBe(
      `DELETE /v2/dlq (as /v2/./dlq): no ids and no filter, so it would act on everything; ${fix}`,
    );
  });

  test("ids, a filter, or all: true let it through", () => {
    expect(refusal(`${dlq.ids}=1`)).toBe("allowed");
    expect(refusal(`${dlq.filters[0]}=x`)).toBe("allowed");
    expect(refusal("", dlq.path, true)).toBe("allowed");
  });
});
