import { Client } from "@upstash/qstash";
import { describe, expect, test } from "vitest";
import { OPERATIONS } from "../../generated/operations.ts";
import { destinationProblem, isUrlDestination } from "../../src/destination.ts";
import { createQStashClient } from "../../src/index.ts";
import { ON_THE_WIRE } from "../helpers/destinations.ts";
import { json, useLocalServer } from "../helpers/local-server.ts";
import { pathValues } from "../helpers/spec-server.ts";

const TOKEN = "destination-test-token";
const server = useLocalServer();

const ours = (auth: "header" | "query" = "header") =>
  createQStashClient({ token: TOKEN, auth, baseUrl: server.url, retry: false }) as any;
const sdk = () => new Client({ token: TOKEN, baseUrl: server.url, retry: false });

/** The request-target of the one request `send` makes to the recording server. */
async function targetOf(send: () => Promise<unknown>): Promise<string> {
  server.handle((_req, res) => json(res, 200, { messageId: "msg_1", scheduleId: "scd_1" }));
  await send();
  expect(server.received).toHaveLength(1);
  return `${server.received[0].method} ${server.received[0].url}`;
}

describe("on the wire: the same request line as @upstash/qstash", () => {
  test.each(ON_THE_WIRE)("publish to %s", async (destination, target) => {
    const body = { body: "hello", headers: { "content-type": "text/plain" } };
    const mine = await targetOf(() =>
      ours().POST("/v2/publish/{destination}", { params: { path: { destination } }, ...body }),
    );
    const key = isUrlDestination(destination) ? "url" : "urlGroup";
    const theirs = await targetOf(() => sdk().publish({ [key]: destination, body: "hello" } as any));
    expect(mine).toBe(`POST ${target}`);
    expect(theirs).toBe(mine);
  });

  test.each(ON_THE_WIRE)("enqueue to %s", async (destination) => {
    const path = { queueName: "orders", destination };
    const mine = await targetOf(() =>
      ours().POST("/v2/enqueue/{queueName}/{destination}", { params: { path }, body: {} }),
    );
    const key = isUrlDestination(destination) ? "url" : "urlGroup";
    const theirs = await targetOf(() =>
      sdk()
        .queue({ queueName: "orders" })
        .enqueue({ [key]: destination, body: "{}" } as any),
    );
    expect(mine).toMatch(/^POST \/v2\/enqueue\/orders\//);
    expect(theirs).toBe(mine);
  });

  test.each(ON_THE_WIRE.filter(([d]) => isUrlDestination(d)))("schedule to %s", async (destination) => {
    const params = { path: { scheduleId: destination }, header: { "Upstash-Cron": "*/5 * * * *" } };
    const mine = await targetOf(() => ours().POST("/v2/schedules/{scheduleId}", { params, body: {} }));
    const theirs = await targetOf(() => sdk().schedules.create({ destination, cron: "*/5 * * * *", body: "{}" }));
    expect(theirs).toBe(mine);
  });

  test("a workflow trigger appends its URL raw too", async () => {
    const [destination, target] = ON_THE_WIRE[4];
    const sent = await targetOf(() =>
      ours().POST("/v2/trigger/{workflowUrl}", { params: { path: { workflowUrl: destination } }, body: {} }),
    );
    expect(sent).toBe(`POST ${target.replace("/v2/publish/", "/v2/trigger/")}`);
  });

  test("with the token in the query, QStash's parameter joins the destination's own query", async () => {
    const sent = await targetOf(() =>
      ours("query").POST("/v2/publish/{destination}", {
        params: { path: { destination: "https://example.com/x?a=1" } },
        body: {},
      }),
    );
    expect(sent).toBe(`POST /v2/publish/https://example.com/x?a=1&qstash_token=${TOKEN}`);
    const plain = await targetOf(() =>
      ours("query").POST("/v2/publish/{destination}", {
        params: { path: { destination: "https://example.com/x" } },
        body: {},
      }),
    );
    expect(plain).toBe(`POST /v2/publish/https://example.com/x?qstash_token=${TOKEN}`);
  });
});

describe("what the raw form cannot carry is refused before sending", () => {
  test.each([
    ["https://example.com/x#top", /#fragment/],
    ["https://example.com/a/../../../../v2/dlq", /"\." or "\.\." step/],
    ["https://example.com/a/%2e%2E/b", /"\." or "\.\." step/],
    ["https://example.com/a\\..\\b", /"\." or "\.\." step/],
    ["https://example.com/a/./b", /"\." or "\.\." step/],
    ["https://example.com/x/..", /"\." or "\.\." step/],
    ["https://example.com/x/.?q=1", /"\." or "\.\." step/],
    ["https://example.com/x/%2E.", /"\." or "\.\." step/],
    ["not-a-url https://example.com", /neither an http\(s\) URL nor a URL group name/],
    ["https://example.com/a/.\t./b", /control character/],
    ["https://example.com/x ", /outer space/],
    ["https://example.com/x?qstash_token=other", /query key "qstash_token"/],
    ["https://example.com/x?Upstash-Delay=10s", /query key "Upstash-Delay"/],
    ["https://example.com/x?upstash%2Dretries=3", /query key "upstash-retries"/],
    ["ftp://example.com/file", /http:\/\/ or https:\/\//],
    ["https://", /not a valid URL/],
    ["..", /neither an http\(s\) URL nor a URL group name/],
    ["group/with/slash", /neither an http\(s\) URL nor a URL group name/],
  ])("%j", async (destination, why) => {
    server.handle((_req, res) => json(res, 200, {}));
    const error = await ours()
      .POST("/v2/publish/{destination}", { params: { path: { destination } }, body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^\/v2\/publish\/\{destination\}: path parameter "destination" /);
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).toMatch(/nothing was sent$/);
    expect(server.received).toHaveLength(0);
  });

  test("query keys that only look like QStash's travel with the destination", () => {
    const fine = [
      "https://a.com/?upstash=1",
      "https://a.com/?my-upstash-x=1",
      "https://a.com/?qstash_tokens=1",
      "https://a.com/x.y/..z/.a",
      "https://a.com/x?p=..",
      "group.",
      ".group",
      "a..b",
    ];
    for (const destination of fine) expect(destinationProblem(destination), destination).toBeUndefined();
  });
});

// The parameter that carries a destination is read from the facts (`x-qstash-destination`), per
// operation: schedule creation's {scheduleId} is a destination, GET /v2/schedules/{scheduleId} is an id.
const WITH_DESTINATION = (
  Object.entries(OPERATIONS) as [
    string,
    { method: string; path: string; pathParams: readonly string[]; destination: string | null },
  ][]
).filter(([, op]) => op.destination);

test("the facts name destination parameters, schedule creation's among them", () => {
  expect(WITH_DESTINATION.map(([, op]) => op.destination)).toEqual(
    expect.arrayContaining(["destination", "scheduleId"]),
  );
});

describe.each(WITH_DESTINATION)("destination parameter of %s", (_id, op) => {
  const call = (value: string) => () =>
    ours()[op.method](op.path, { params: { path: { ...pathValues(op), [op.destination!]: value } }, body: "x" });

  test.each([
    ["a URL that is not http(s)", "ftp://example.com/x", /http:\/\/ or https:\/\//],
    [
      "a name that is neither a URL nor a URL group name",
      "not a group!",
      /neither an http\(s\) URL nor a URL group name/,
    ],
  ])("%s is refused before a byte is sent", async (_case, value, message) => {
    const sent = server.received.length;
    await expect(call(value)()).rejects.toThrow(message);
    expect(server.received.length).toBe(sent);
  });

  test("an http(s) URL goes out raw, its own path and query included (destination.ts)", async () => {
    const sent = server.received.length;
    await call("https://example.com:8443/a/b?x=1")();
    expect(server.received.length).toBe(sent + 1);
    expect(server.received.at(-1)!.url).toMatch(/\/https:\/\/example\.com:8443\/a\/b\?x=1$/);
  });

  test("a dot step in the URL's path is refused: the URL parser would resolve it against the QStash path", async () => {
    const sent = server.received.length;
    await expect(call("https://example.com/a/../b")()).rejects.toThrow(/"\." or "\.\." step/);
    expect(server.received.length).toBe(sent);
  });
});
