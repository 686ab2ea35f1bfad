import { describe, expect, inject, test } from "vitest";
import { OPERATIONS } from "../../../generated/operations.ts";
import description from "../../../generated/qstash.openapi.json" with { type: "json" };
import { foldingFetch } from "../../../scripts/contract/mock-destination.ts";
import { createQStashClient } from "../../../src/index.ts";
import { pathValues } from "../../helpers/spec-server.ts";

/** Few attempts keep the Prism cases quick; the count is what the tests assert. */
const RETRY_ATTEMPTS_FOR_TESTS = 3;

/** Operations of the mocked spec that document `status`, by method; read from the spec, not listed here. */
function documenting(status: string, method: string) {
  return Object.values(OPERATIONS).filter((op) => {
    const spec = (description as any).paths[op.path]?.[op.method.toLowerCase()];
    // A body we can send without knowing its schema: none, or one that takes plain text.
    const simpleBody = !op.hasBody || "text/plain" in (resolve(spec?.requestBody)?.content ?? {});
    return op.method === method && status in (spec?.responses ?? {}) && !op.bulk && simpleBody;
  });
}

function resolve(node: any): any {
  while (node?.$ref)
    node = node.$ref
      .slice(2)
      .split("/")
      .reduce((at: any, k: string) => at?.[k], description);
  return node;
}

function countingClient(prefer: string) {
  let attempts = 0;
  const client = createQStashClient({
    token: "prism-test-token",
    baseUrl: inject("prismUrl"),
    retry: { baseDelay: 1, attempts: RETRY_ATTEMPTS_FOR_TESTS },
    // Destinations go raw; the mock routes them folded into one segment (mock-destination.ts).
    fetch: foldingFetch(description as any, (request) => {
      attempts++;
      request.headers.set("Prefer", prefer);
      return fetch(request);
    }),
  });
  return { client: client as any, attempts: () => attempts };
}

describe.each(["429", "500"])("Prism answers %s", (status) => {
  const gets = documenting(status, "GET");
  const posts = documenting(status, "POST");
  test("the spec documents it on a GET and on a POST", () => {
    expect(gets.length).toBeGreaterThan(0);
    expect(posts.length).toBeGreaterThan(0);
  });

  test.each(gets.map((op) => [op.path, op]))(
    "GET %s is retried up to the attempt limit, then returns the typed error",
    async (_path, op) => {
      const { client, attempts } = countingClient(`code=${status}`);
      const { data, error, response } = await client.GET(op.path, { params: { path: pathValues(op) } });
      expect(response.status).toBe(Number(status));
      expect(data).toBeUndefined();
      expect(error).toEqual({ error: expect.any(String) });
      expect(attempts()).toBe(RETRY_ATTEMPTS_FOR_TESTS);
    },
  );

  test.each(posts.map((op) => [op.path, op]))("POST %s without deduplication is sent once", async (_path, op) => {
    const { client, attempts } = countingClient(`code=${status}`);
    const { response } = await client.POST(op.path, {
      params: { path: pathValues(op) },
      ...(op.hasBody ? { body: "ping", headers: { "Content-Type": "text/plain" } } : {}),
    });
    expect(response.status).toBe(Number(status));
    expect(attempts()).toBe(1);
  });
});

test("Prism answers 503 for an operation that documents no 503 with a 404, which is not retried", async () => {
  const { client, attempts } = countingClient("code=503");
  const { error, response } = await client.GET("/v2/dlq");
  expect(response.status).toBe(404);
  expect(error).toMatchObject({ detail: expect.stringContaining("503") });
  expect(attempts()).toBe(1);
});
