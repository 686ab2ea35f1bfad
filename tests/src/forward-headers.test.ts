import { beforeEach, describe, expect, test } from "vitest";
import { expandHeaderFamilies } from "../../src/forward-headers.ts";
import { createQStashClient, QStashGuardError } from "../../src/index.ts";
import { json, useLocalServer } from "../helpers/local-server.ts";

const server = useLocalServer();
beforeEach(() => server.handle((_r, res) => json(res, 200, { messageId: "m" })));

const client = () => createQStashClient({ token: "forward-headers-token", baseUrl: server.url, retry: false });
const destination = "https://example.com/hook?x=1";

describe("expandHeaderFamilies", () => {
  const FAMILIES = ["Upstash-Forward-", "Upstash-Callback-"];
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(QStashGuardError);
      return (error as Error).message;
    }
    throw new Error("not refused");
  };

  test("each family's map becomes prefixed headers; an empty or missing map adds none", () => {
    const families = {
      "Upstash-Forward-": { "X-Trace": "t-1", "a.b_c~d": "2" },
      "Upstash-Callback-": undefined,
    };
    expect(expandHeaderFamilies(families, FAMILIES, "POST /p")).toEqual({
      "Upstash-Forward-X-Trace": "t-1",
      "Upstash-Forward-a.b_c~d": "2",
    });
    expect(expandHeaderFamilies({ "Upstash-Forward-": {} }, FAMILIES, "POST /p")).toEqual({});
    expect(expandHeaderFamilies({}, undefined, "GET /q")).toEqual({});
  });

  test("a family the route does not document is refused, naming what it takes", () => {
    expect(refusal(() => expandHeaderFamilies({ "Upstash-Nope-": {} }, FAMILIES, "POST /p"))).toBe(
      'POST /p documents no header family "Upstash-Nope-"; it takes: Upstash-Forward-, Upstash-Callback-',
    );
    expect(refusal(() => expandHeaderFamilies({ "Upstash-Forward-": {} }, undefined, "GET /q"))).toBe(
      'GET /q documents no header family "Upstash-Forward-"; it takes: none',
    );
    expect(refusal(() => expandHeaderFamilies({ "Upstash-Forward-": {} }, [], "GET /q"))).toMatch(/it takes: none$/);
  });

  test.each([" X", "X ", "X:Y", "X\nY", "é", "(x)", ""])("%j is no header name", (name) => {
    expect(refusal(() => expandHeaderFamilies({ "Upstash-Forward-": { [name]: "1" } }, FAMILIES, "POST /p"))).toBe(
      `POST /p: "${name}" in Upstash-Forward- is not a header name`,
    );
  });

  test("every token character RFC 9110 allows is a header name", () => {
    const name = "!#$%&'*+-.^_`|~09AZaz";
    const allowed = name.replace("*", ""); // a literal * is never sent (see forward-headers.ts)
    expect(expandHeaderFamilies({ "Upstash-Forward-": { [allowed]: "v" } }, FAMILIES, "POST /p")).toEqual({
      [`Upstash-Forward-${allowed}`]: "v",
    });
  });
});

describe("header families", () => {
  test("maps expand into real headers, never a literal *", async () => {
    await client().POST("/v2/publish/{destination}", {
      params: { path: { destination } },
      body: "x",
      headerFamilies: {
        "Upstash-Forward-": { "X-Trace": "t-1", Authorization: "Bearer downstream" },
        "Upstash-Callback-": { Retries: "2" },
        "Upstash-Failure-Callback-Forward-": { "X-Why": "failed" },
      },
    });
    const { headers } = server.received[0]!;
    expect(headers).toMatchObject({
      "upstash-forward-x-trace": "t-1",
      "upstash-forward-authorization": "Bearer downstream",
      "upstash-callback-retries": "2",
      "upstash-failure-callback-forward-x-why": "failed",
    });
    expect(Object.keys(headers).filter((h) => h.includes("*"))).toEqual([]);
  });

  test.each([
    ["a family the operation does not document", { "Upstash-Nope-": { A: "1" } }, /documents no header family/],
    ["a header name with a *", { "Upstash-Forward-": { "*": "1" } }, /not a header name/],
    ["an empty header name", { "Upstash-Forward-": { "": "1" } }, /not a header name/],
  ])("refuses %s", async (_name, headerFamilies, message) => {
    const call = client().POST("/v2/publish/{destination}", {
      params: { path: { destination } },
      body: "x",
      headerFamilies: headerFamilies as never,
    });
    await expect(call).rejects.toThrow(message);
    expect(server.received.length).toBe(0);
  });
});
