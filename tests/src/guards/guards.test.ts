import { describe, expect, test } from "vitest";
import { OPERATIONS } from "../../../generated/operations.ts";
import { assertBulkChoice, fillPath, guardBulkReadings } from "../../../src/guards.ts";
import { createQStashClient } from "../../../src/index.ts";
import { BULK } from "../../../src/operation-facts.ts";
import { json, useLocalServer } from "../../helpers/local-server.ts";
import { pathValues } from "../../helpers/spec-server.ts";

const server = useLocalServer((_r, res) => json(res, 200, {}));

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

const ops = Object.entries(OPERATIONS) as [
  string,
  {
    method: string;
    path: string;
    pathParams: readonly string[];
    bulk: { ids: string; filters: readonly string[] } | null;
  },
][];
const BULK_OPS = ops.filter(([, op]) => op.bulk);
const WITH_PATH_PARAMS = ops.filter(([, op]) => op.pathParams.length);
// Untyped on purpose: the table walks every operation the spec has.
const client = () => createQStashClient({ token: "guard-test-token", baseUrl: server.url, retry: false }) as any;

test("the spec has bulk operations to guard", () => expect(BULK_OPS.length).toBeGreaterThanOrEqual(3));

describe("guardBulkReadings", () => {
  const dlq = BULK.filter((facts) => facts.method === "DELETE");
  const refusal = (href: string, basePath = "", all = false) => {
    try {
      return guardBulkReadings(new URL(href), basePath, dlq, all, new URL(href).pathname)?.path ?? "none";
    } catch (error) {
      return (error as Error).message;
    }
  };
  const fix = "so it would act on everything; nothing was sent (pass all: true if you mean that)";

  test("names the reading that lands on the bulk path, and says when it loses the query", () => {
    expect(refusal("https://q/v2/dlq/%252e")).toBe(
      `DELETE /v2/dlq (as /v2/dlq/%252e, which a server may read as /v2/dlq): no ids and no filter, ${fix}`,
    );
    expect(refusal("https://q/v2/dlq/%3F?dlqIds=d1")).toBe(
      `DELETE /v2/dlq (as /v2/dlq/%3F, which a server may read as /v2/dlq): that reading cuts the query off, ${fix}`,
    );
  });

  test("the path as sent is not named again; a scope, all: true, or another path goes through", () => {
    expect(refusal("https://q/v2/dlq")).toBe(`DELETE /v2/dlq: no ids and no filter, ${fix}`);
    expect(refusal("https://q/v2/dlq?dlqIds=d1")).toBe("/v2/dlq");
    expect(refusal("https://q/v2/dlq", "", true)).toBe("/v2/dlq");
    expect(refusal("https://q/v2/dlq/d1")).toBe("none");
  });

  test("judges the path with the base path and without it", () => {
    expect(refusal("https://q/proxy/v2/dlq", "/proxy")).toMatch(/^DELETE \/v2\/dlq \(as \/proxy\/v2\/dlq/);
    expect(refusal("https://q/proxy/v2/dlq?label=x", "/proxy")).toBe("/v2/dlq");
    expect(refusal("https://q/proxy/v2/dlq", "")).toBe("none");
  });
});

describe.each(BULK_OPS)("bulk guard: %s", (_id, op) => {
  const call = (init: Record<string, unknown>) =>
    client()[op.method](op.path, { ...init, params: { path: pathValues(op), ...(init.params as object) } });
  const sentSoFar = () => server.received.length;

  test.each([
    ["no filter, no ids", {}],
    ["all: false and nothing else", { all: false }],
    ["an empty id list", { params: { query: { [op.bulk!.ids]: [] } } }],
    ["an id list of empty strings", { params: { query: { [op.bulk!.ids]: [""] } } }],
    [
      "filters that are all empty",
      { params: { query: Object.fromEntries(op.bulk!.filters.map((f) => [f, undefined])) } },
    ],
  ])("refuses %s before a byte is sent", async (_case, init) => {
    const sent = sentSoFar();
    await expect(call(init)).rejects.toThrow(/nothing was sent/);
    expect(server.received.length).toBe(sent);
  });

  test.each<[string, Record<string, unknown>]>([
    ["all: true", { all: true }],
    ["ids", { params: { query: { [op.bulk!.ids]: ["id-1"] } } }],
    ...(op.bulk!.filters.length
      ? [
          [
            "a filter",
            { params: { query: { [op.bulk!.filters[0]!]: op.bulk!.filters[0]!.endsWith("Date") ? 1 : ["x"] } } },
          ] as [string, Record<string, unknown>],
        ]
      : []),
  ])("sends with %s", async (_case, init) => {
    const sent = sentSoFar();
    await call(init);
    expect(server.received.length).toBe(sent + 1);
  });
});

describe.each(WITH_PATH_PARAMS)("empty path parameter: %s", (_id, op) => {
  test.each(op.pathParams.map((name) => [name]))("refuses an empty %s", async (name) => {
    const sent = server.received.length;
    const init = { params: { path: { ...pathValues(op), [name]: "" } }, all: true };
    await expect(client()[op.method](op.path, init)).rejects.toThrow(new RegExp(`"${name}" is empty`));
    expect(server.received.length).toBe(sent);
  });
});
