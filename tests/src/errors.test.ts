import { describe, expect, test } from "vitest";
import { QStashGuardError } from "../../src/guard-error.ts";
import { QStashResponseError } from "../../src/response-error.ts";
import { classifyFailure, QStashTransportError, type TransportFailure } from "../../src/transport-error.ts";

describe("QStashGuardError", () => {
  test("is a TypeError with its own name", () => {
    const error = new QStashGuardError("no scope");
    expect(error).toBeInstanceOf(TypeError);
    expect(error.name).toBe("QStashGuardError");
    expect(String(error)).toBe("QStashGuardError: no scope");
  });
});

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

describe("QStashTransportError", () => {
  test.each([
    ["refused", "GET /v2/dlq: connection refused"],
    ["reset", "GET /v2/dlq: connection reset before the answer was complete"],
    ["timeout", "GET /v2/dlq: no complete answer within the timeout"],
    ["invalid-body", "GET /v2/dlq: the response body is not the JSON the spec promises"],
    ["network", "GET /v2/dlq: network failure"],
  ] as [TransportFailure, string][])("%s: its message, fields and cause", (failure, message) => {
    const cause = new Error("underneath");
    const error = new QStashTransportError(failure, "GET", "/v2/dlq", cause);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "QStashTransportError", failure, method: "GET", path: "/v2/dlq" });
    expect(error.message).toBe(message);
    expect(error.cause).toBe(cause);
  });

  test("a detail follows the description", () => {
    const error = new QStashTransportError("invalid-body", "POST", "/v2/publish/x", undefined, "messageId is missing");
    expect(error.message).toBe(
      "POST /v2/publish/x: the response body is not the JSON the spec promises: messageId is missing",
    );
  });
});

describe("classifyFailure", () => {
  /** An error whose cause chain ends, `depth` causes down, in `last`. */
  const chain = (depth: number, last: object): Error =>
    depth ? new TypeError("fetch failed", { cause: chain(depth - 1, last) }) : Object.assign(new Error("inner"), last);

  test.each([
    ["a SyntaxError (a body that is not JSON)", new SyntaxError("Unexpected token"), "invalid-body"],
    ["ECONNREFUSED", chain(1, { code: "ECONNREFUSED" }), "refused"],
    ["ECONNRESET", chain(1, { code: "ECONNRESET" }), "reset"],
    ["EPIPE", chain(1, { code: "EPIPE" }), "reset"],
    ["UND_ERR_SOCKET", chain(1, { code: "UND_ERR_SOCKET" }), "reset"],
    ["UND_ERR_CLOSED", chain(1, { code: "UND_ERR_CLOSED" }), "reset"],
    ["a body read cut short (undici's 'terminated')", new TypeError("terminated"), "reset"],
    ["the code on the error itself", Object.assign(new Error("x"), { code: "ECONNREFUSED" }), "refused"],
    ["a code four causes down", chain(4, { code: "ECONNREFUSED" }), "refused"],
    ["another code", chain(1, { code: "ENOTFOUND" }), "network"],
    ["no code at all", chain(2, {}), "network"],
    ["a value that is not an error", "boom", "network"],
    ["nothing", undefined, "network"],
  ])("%s: %s", (_what, error, failure) => {
    expect(classifyFailure(error)).toBe(failure);
  });

  test("looks five errors down the chain, no further", () => {
    expect(classifyFailure(chain(5, { code: "ECONNREFUSED" }))).toBe("network");
  });

  test("a cause chain that loops ends as network", () => {
    const error: Error & { cause?: unknown } = new Error("loop");
    error.cause = error;
    expect(classifyFailure(error)).toBe("network");
  });
});
