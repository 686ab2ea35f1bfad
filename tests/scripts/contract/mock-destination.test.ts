import { describe, expect, inject, test } from "vitest";
import description from "../../../generated/qstash.openapi.json" with { type: "json" };
import { foldDestination, foldingFetch, unfoldDestination } from "../../../scripts/contract/mock-destination.ts";
import type { OpenApiDocument } from "../../../scripts/spec/build.ts";
import { createQStashClient } from "../../../src/index.ts";
import { ON_THE_WIRE } from "../../helpers/destinations.ts";

const spec = description as unknown as OpenApiDocument;
const TOKEN = "destination-test-token";

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
});
