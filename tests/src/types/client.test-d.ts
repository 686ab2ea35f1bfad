import { describe, expectTypeOf, test } from "vitest";
import type { components } from "../../../generated/schema.ts";
import { createQStashClient, items, pages, type RateLimit } from "../../../src/index.ts";

const client = createQStashClient({ token: "t" });
type ErrorBody = components["schemas"]["Error"];

describe("paths and parameters", () => {
  test("a path the spec does not have fails to compile", () => {
    // @ts-expect-error: no such path
    void client.GET("/v2/nope");
    // @ts-expect-error: the path exists, but not for PUT
    void client.PUT("/v2/dlq");
  });

  test("a missing required path parameter fails to compile", () => {
    void client.DELETE("/v2/workflows/dlq/{dlqId}", { params: { path: { dlqId: "d" } } });
    // @ts-expect-error: dlqId is required
    void client.DELETE("/v2/workflows/dlq/{dlqId}", { params: { path: {} } });
    // @ts-expect-error: params are required where the path has parameters
    void client.DELETE("/v2/workflows/dlq/{dlqId}");
  });

  test("a wrongly typed parameter fails to compile", () => {
    void client.GET("/v2/dlq", { params: { query: { count: 5, label: ["a"] } } });
    // @ts-expect-error: count is a number
    void client.GET("/v2/dlq", { params: { query: { count: "5" } } });
    // @ts-expect-error: label is a list
    void client.GET("/v2/dlq", { params: { query: { label: "a" } } });
  });

  test("an unknown parameter or body field fails to compile", () => {
    // @ts-expect-error: no such query parameter
    void client.GET("/v2/dlq", { params: { query: { bogus: 1 } } });
    void client.POST("/v2/queues", { body: { queueName: "q", parallelism: 2 } });
    // @ts-expect-error: no such body field
    void client.POST("/v2/queues", { body: { queueName: "q", parallelism: 2, bogus: true } });
  });
});

describe("bodies and headers", () => {
  test("publish takes raw bodies, a JSON-only operation does not", () => {
    const destination = { params: { path: { destination: "https://example.com" } } } as const;
    void client.POST("/v2/publish/{destination}", { ...destination, body: "text" });
    void client.POST("/v2/publish/{destination}", { ...destination, body: new Blob(["x"]) });
    void client.POST("/v2/publish/{destination}", { ...destination, body: new ArrayBuffer(1) });
    void client.POST("/v2/publish/{destination}", { ...destination, body: new ReadableStream<Uint8Array>() });
    // @ts-expect-error: a queue upsert is JSON
    void client.POST("/v2/queues", { body: new Blob(["x"]) });
  });

  test("header families are maps", () => {
    void client.POST("/v2/publish/{destination}", {
      params: { path: { destination: "https://example.com" } },
      body: "x",
      headerFamilies: { "Upstash-Forward-": { "X-Trace": "1" } },
    });
    void client.POST("/v2/publish/{destination}", {
      params: { path: { destination: "https://example.com" } },
      body: "x",
      // @ts-expect-error: a family is a map, not a value
      headerFamilies: { "Upstash-Forward-": "X-Trace: 1" },
    });
  });
});

describe("responses", () => {
  test("data is the 2xx body, error the documented error bodies", async () => {
    const result = await client.GET("/v2/dlq/{dlqId}", { params: { path: { dlqId: "d" } } });
    if (result.data) {
      expectTypeOf(result.data).toEqualTypeOf<components["schemas"]["DLQMessage"]>();
      expectTypeOf(result.error).toEqualTypeOf<undefined>();
    } else {
      expectTypeOf(result.error).toMatchTypeOf<ErrorBody>();
    }
    const page = await client.GET("/v2/dlq");
    if (page.data) expectTypeOf(page.data.messages).toEqualTypeOf<components["schemas"]["DLQMessage"][]>();
    expectTypeOf(result.rateLimit).toEqualTypeOf<RateLimit | undefined>();
    expectTypeOf(result.response).toEqualTypeOf<Response>();
  });

  test("a bulk cancel's data holds its count", async () => {
    const { data } = await client.DELETE("/v2/messages", { params: { query: { label: ["a"] } } });
    expectTypeOf(data).toEqualTypeOf<{ cancelled: number; actionId?: string } | undefined>();
  });
});

describe("the bulk guard's choice is in the types", () => {
  test("no filter and no ids fails to compile; all: true or a filter compiles", () => {
    // @ts-expect-error: acts on every pending message unless all: true
    void client.DELETE("/v2/messages");
    // @ts-expect-error: a count alone is no filter
    void client.DELETE("/v2/messages", { params: { query: { count: 10 } } });
    void client.DELETE("/v2/messages", { all: true });
    void client.DELETE("/v2/messages", { params: { query: { label: ["nightly"] } } });
    void client.DELETE("/v2/messages", { params: { query: { messageIds: ["m1"] } } });
    // @ts-expect-error: the DLQ too
    void client.DELETE("/v2/dlq", {});
    void client.DELETE("/v2/dlq", { all: true });
  });

  test("a filter built at run time states all: false", () => {
    const filter: { label?: string[] } = {};
    // @ts-expect-error: the compiler cannot see a filter here
    void client.DELETE("/v2/messages", { params: { query: filter } });
    void client.DELETE("/v2/messages", { all: false, params: { query: filter } });
  });

  test("non-bulk operations take no all option", () => {
    // @ts-expect-error: `all` exists only where a call can act on everything
    void client.GET("/v2/dlq", { all: true, bogus: 1 });
  });
});

describe("pagination", () => {
  test("pages and items are typed from the spec", async () => {
    for await (const page of pages(client, "GET", "/v2/dlq"))
      expectTypeOf(page.cursor).toEqualTypeOf<string | undefined>();
    for await (const message of items(client, "GET", "/v2/dlq"))
      expectTypeOf(message).toEqualTypeOf<components["schemas"]["DLQMessage"]>();
    // @ts-expect-error: not cursor-paginated in the spec
    void pages(client, "GET", "/v2/queues");
    // @ts-expect-error: a paginated bulk delete still needs its filter or all: true
    void pages(client, "DELETE", "/v2/dlq", {});
    void pages(client, "DELETE", "/v2/dlq", { all: true });
  });
});
