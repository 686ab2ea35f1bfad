import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createQStashClient } from "../../../src/index.ts";
import { json, startLocalServer } from "../../helpers/local-server.ts";
import {
  everythingCall,
  expectRefused as refused,
  OPERATION_LIST,
  outcomeOf,
  pathValues,
  UNDER_BULK,
  type SpecOperation,
} from "../../helpers/spec-server.ts";

// Issue 10, class 1: a path value that URL normalisation removes turns a single-item call into a
// call on its parent path, which for DELETE /v2/dlq/{dlqId} and its kind is a bulk operation.

let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => {
  server = await startLocalServer();
  server.handle((_r, res) => json(res, 200, {}));
});
afterAll(() => server.close());

const client = () => createQStashClient({ token: "path-values-token", baseUrl: server.url, retry: false }) as any;

/** Calls `op` with `value` in `name`. */
const callWith = (op: SpecOperation, name: string, value: unknown) => () =>
  client()[op.method](op.path, { params: { path: { ...pathValues(op), [name]: value } } });
const expectRefused = (op: SpecOperation, name: string, value: unknown) =>
  refused(server.received, callWith(op, name, value));

describe("what the WHATWG URL parser does to a path segment (the facts the guard is built on)", () => {
  test.each([
    [".", "removed"],
    ["..", "removed, with the segment before it"],
    ["%2e", "removed"],
    ["%2E", "removed"],
    [".%2e", "removed, with the segment before it"],
    ["%2E%2e", "removed, with the segment before it"],
    ["...", "kept"],
    ["%252e", "kept"],
    ["%2e.%2e", "kept"],
    [".a", "kept"],
    ["..%2F", "kept"],
    ["%EF%BC%8E", "kept"],
  ])("%j is %s", (segment, fate) => {
    const path = new URL(`http://h/v2/dlq/${segment}/x`).pathname;
    const fates: Record<string, string> = {
      [`/v2/dlq/${segment}/x`]: "kept",
      "/v2/dlq/x": "removed",
      "/v2/x": "removed, with the segment before it",
    };
    expect(fates[path] ?? path).toBe(fate);
  });

  test("after encodeURIComponent, only the values . and .. are still dot segments", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(".", "%", "2", "e", "E", "/", "\\", " ", "\t", "a") }), (value) => {
        const encoded = encodeURIComponent(value);
        const kept = new URL(`http://h/p/${encoded}/q`).pathname === `/p/${encoded}/q`;
        expect(kept).toBe(value !== "." && value !== "..");
      }),
      { numRuns: 500 },
    );
  });
});

const DOT_SEGMENTS = [".", ".."];
// Kept by the URL parser (encoded as one segment), but steps for a server that decodes %2F before routing.
const DOT_STEPS = ["./", "../", "a/..", "a/../..", "..\\", ".\\x", "x/./y"];

describe.each(UNDER_BULK)("a template under a bulk operation: $method $path", (op) => {
  test.each(op.pathParams.flatMap((name) => DOT_SEGMENTS.map((value) => [name, value])))(
    "%s = %j is refused before sending",
    async (name, value) => expectRefused(op, name, value),
  );
  test.each(op.pathParams.flatMap((name) => DOT_STEPS.map((value) => [name, value])))(
    "%s = %j (a step a decoding server would follow) is refused before sending",
    async (name, value) => expectRefused(op, name, value),
  );
});

const OTHERS = OPERATION_LIST.filter((op) => op.pathParams.length && !UNDER_BULK.includes(op));
describe.each(OTHERS)("any other template: $method $path", (op) => {
  test.each(op.pathParams.flatMap((name) => DOT_SEGMENTS.map((value) => [name, value])))(
    "%s = %j (which the URL would remove) is refused before sending",
    async (name, value) => expectRefused(op, name, value),
  );
});

test("any value whose segment the URL parser would alter is refused, for every template under a bulk operation", async () => {
  const units = fc.constantFrom(".", ".", "%", "2", "e", "E", "/", "\\", " ", "a");
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...UNDER_BULK), fc.string({ unit: units, maxLength: 6 }), async (op, value) => {
      const name = op.pathParams[op.pathParams.length - 1]!;
      const segment = encodeURIComponent(value);
      const altered = new URL(`http://h/p/${segment}`).pathname !== `/p/${segment}`;
      const { error, reached } = await outcomeOf(server.received, callWith(op, name, value));
      expect(reached.filter((r) => everythingCall(r.method, r.url))).toEqual([]);
      if (altered) expect(error).toBeInstanceOf(TypeError);
    }),
    { numRuns: 200 },
  );
});
