import { describe, expect, test } from "vitest";
import { classifyFailure, QStashTransportError, type TransportFailure } from "../../src/transport-error.ts";

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
