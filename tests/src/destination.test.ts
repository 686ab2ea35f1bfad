import { Client } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import description from "../../generated/qstash.openapi.json" with { type: "json" };
import { foldDestination, foldingFetch, unfoldDestination } from "../../scripts/contract/mock-destination.ts";
import { startDestinationHop } from "../../scripts/live/destination-hop.ts";
import type { OpenApiDocument } from "../../scripts/spec/build.ts";
import { createQStashClient } from "../../src/index.ts";
import { destinationProblem, isUrlDestination } from "../../src/destination.ts";
import { json, startLocalServer } from "./local-server.ts";

const spec = description as unknown as OpenApiDocument;
const TOKEN = "destination-test-token";

// Destinations and the request-target each must put on the wire: raw, as the official SDKs send them.
const ON_THE_WIRE: [destination: string, target: string][] = [
  ["my-url-group_1.v2", "/v2/publish/my-url-group_1.v2"],
  ["https://example.com", "/v2/publish/https://example.com"],
  ["https://example.com/hooks/a/b", "/v2/publish/https://example.com/hooks/a/b"],
  ["http://127.0.0.1:8443/api/qstash", "/v2/publish/http://127.0.0.1:8443/api/qstash"],
  ["https://example.com/x?a=1&b=two&list=1,2", "/v2/publish/https://example.com/x?a=1&b=two&list=1,2"],
  ["https://example.com/café/ü?q=ü", "/v2/publish/https://example.com/caf%C3%A9/%C3%BC?q=%C3%BC"],
  ["https://example.com/100%25/a b?p=50%&s=a%2Fb", "/v2/publish/https://example.com/100%25/a%20b?p=50%&s=a%2Fb"],
];

let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(() => server.close());

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

describe("through the mock: the suites fold the raw destination into one segment", () => {
  const viaPrism = (auth: "header" | "query") => {
    const folded: URL[] = [];
    const client = createQStashClient({
      token: TOKEN,
      auth,
      baseUrl: inject("prismUrl"),
      retry: false,
      fetch: foldingFetch(spec, (request) => (folded.push(new URL(request.url)), fetch(request))),
    }) as any;
    return { client, folded };
  };

  test.each(ON_THE_WIRE)("publish to %s routes in Prism with no violation", async (destination, target) => {
    const { client, folded } = viaPrism("query");
    const { data, response } = await client.POST("/v2/publish/{destination}", {
      params: { path: { destination } },
      body: "hello",
      headers: { "content-type": "text/plain" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("sl-violations")).toBeNull();
    expect(data).toHaveProperty("messageId");
    const [, , , segment, ...rest] = folded[0].pathname.split("/");
    expect(rest).toEqual([]);
    // Prism reads the very text QStash would: the raw tail and the destination's own query.
    expect(decodeURIComponent(segment)).toBe(target.slice("/v2/publish/".length));
    expect([...folded[0].searchParams.keys()]).toEqual(["qstash_token"]);
  });

  test("enqueue, schedule and trigger route too", async () => {
    const { client } = viaPrism("header");
    const destination = ON_THE_WIRE[4][0];
    const header = { "Upstash-Cron": "*/5 * * * *" };
    const answers = await Promise.all([
      client.POST("/v2/enqueue/{queueName}/{destination}", {
        params: { path: { queueName: "orders", destination } },
        body: {},
      }),
      client.POST("/v2/schedules/{scheduleId}", { params: { path: { scheduleId: destination }, header }, body: {} }),
      client.POST("/v2/trigger/{workflowUrl}", { params: { path: { workflowUrl: destination } }, body: {} }),
    ]);
    for (const { response } of answers) {
      expect(response.status).toBe(200);
      expect(response.headers.get("sl-violations")).toBeNull();
    }
  });

  test("unfolded, the raw form does not route: Prism finds no operation", async () => {
    const { status } = await createQStashClient({ token: TOKEN, baseUrl: inject("prismUrl"), retry: false })
      .POST(
        "/v2/publish/{destination}" as any,
        { params: { path: { destination: "https://example.com/x" } }, body: {} } as any,
      )
      .then((r: any) => r.response);
    expect(status).toBe(404);
  });

  test("the queue name stays its own segment; QStash's keys stay in the query", () => {
    const url = new URL("http://mock/v2/enqueue/orders/https://a.com/x?k=1&upstash-delay=5s&qstash_token=t&z");
    const folded = foldDestination(spec, "POST", url);
    expect(folded.pathname).toBe(`/v2/enqueue/orders/${encodeURIComponent("https://a.com/x?k=1&z")}`);
    expect(folded.search).toBe("?upstash-delay=5s&qstash_token=t");
  });
});

describe("folding leaves alone what a template fits as it is", () => {
  test.each([
    ["POST", "http://mock/v2/schedules/scd_1/pause"],
    ["POST", "http://mock/v2/publish/my-group"],
    ["GET", "http://mock/v2/messages/msg_1"],
  ])("%s %s", (method, href) => {
    const url = new URL(href);
    expect(foldDestination(spec, method, url)).toBe(url);
  });
});

describe("live runs: past Prism, the server gets the destination raw again", () => {
  test.each(ON_THE_WIRE)("unfolding the folded %s gives back the client's request-target", (_destination, target) => {
    const folded = foldDestination(spec, "POST", new URL(`http://mock${target}`));
    const withToken = new URL(`${folded.href}${folded.search ? "&" : "?"}qstash_token=t`);
    const unfolded = unfoldDestination(spec, "POST", withToken);
    expect(unfolded.pathname + unfolded.search).toBe(`${target}${target.includes("?") ? "&" : "?"}qstash_token=t`);
  });

  test("a folded destination the client would refuse stays folded", () => {
    const url = new URL(`http://mock/v2/publish/${encodeURIComponent("https://a.com/x#top")}`);
    expect(unfoldDestination(spec, "POST", url)).toBe(url);
  });

  test("the hop hands the server the raw form and relays its answer; an unreachable server resets the connection", async () => {
    server.handle((_req, res) => json(res, 201, { messageId: "msg_9" }, { "x-seen": "yes" }));
    const hop = await startDestinationHop(server.url, (method, url) => unfoldDestination(spec, method, url));
    try {
      const folded = `/v2/publish/${encodeURIComponent("https://example.com/a?k=1")}?qstash_token=t`;
      const answer = await fetch(`${hop.url}${folded}`, {
        method: "POST",
        body: "hi",
        headers: { "content-type": "text/plain" },
      });
      expect(answer.status).toBe(201);
      expect(answer.headers.get("x-seen")).toBe("yes");
      expect(await answer.json()).toEqual({ messageId: "msg_9" });
      expect(server.received.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
        "POST /v2/publish/https://example.com/a?k=1&qstash_token=t hi",
      ]);
    } finally {
      await hop.stop();
    }
    const nowhere = await startDestinationHop("http://127.0.0.1:9", (_method, url) => url);
    try {
      await expect(fetch(`${nowhere.url}/v2/dlq`)).rejects.toThrow(TypeError);
    } finally {
      await nowhere.stop();
    }
  });
});
