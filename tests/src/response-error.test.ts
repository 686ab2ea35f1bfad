import { describe, expect, test } from "vitest";
import { QStashResponseError } from "../../src/response-error.ts";

describe("QStashResponseError", () => {
  test("holds the status, the body and the rate limit, and names the body's error", () => {
    const rateLimit = { kind: "burst" as const, remaining: 0 };
    const error = new QStashResponseError("GET", "/v2/dlq", 429, { error: "slow down" }, rateLimit);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "QStashResponseError", method: "GET", path: "/v2/dlq", status: 429 });
    expect(error.body).toEqual({ error: "slow down" });
    expect(error.rateLimit).toBe(rateLimit);
    expect(error.message).toBe("GET /v2/dlq: HTTP 429: slow down");
  });

  test.each([
    ["a body without an error field", { message: "x" }, "DELETE /v2/messages: HTTP 500"],
    ["a text body", "error: down", "DELETE /v2/messages: HTTP 500"],
    ["no body", null, "DELETE /v2/messages: HTTP 500"],
    ["an error field that is not a string", { error: 42 }, "DELETE /v2/messages: HTTP 500: 42"],
  ])("the message with %s", (_what, body, message) => {
    const error = new QStashResponseError("DELETE", "/v2/messages", 500, body);
    expect(error.message).toBe(message);
    expect(error.rateLimit).toBeUndefined();
  });
});
