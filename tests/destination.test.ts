import createClient from "openapi-fetch";
import { describe, expect, inject, test } from "vitest";
import type { paths } from "../generated/schema.ts";
import { destinationPathValue, encodeDestinationSegment, isUrlDestination } from "../src/destination.ts";

// Real destinations: scheme, port, nested path, query with several pairs, reserved characters.
const URLS = [
  "https://example.com:8443/hook/a?x=1&y=2",
  "http://127.0.0.1:3000/api/qstash?token=a%2Fb&list=1,2",
  "https://user.example.org/path/with%20space/and+plus?q=a=b&empty=",
  "https://example.com",
];

/** A client over the generated paths that records the URL each request went to. */
function recordingClient(auth: "header" | "query") {
  const sent: URL[] = [];
  const client = createClient<paths>({
    baseUrl: inject("prismUrl"),
    fetch: async (request: Request) => {
      const url = new URL(request.url);
      if (auth === "query") url.searchParams.set("qstash_token", "test-token");
      sent.push(url);
      const headers = new Headers(request.headers);
      if (auth === "header") headers.set("Authorization", "Bearer test-token");
      return fetch(new Request(url, { method: request.method, headers, body: await request.text() || undefined }));
    },
  });
  return { client, sent };
}

describe("destination in the path", () => {
  test.each(URLS)("publish to %s routes in Prism as one segment that decodes to the URL", async (url) => {
    const { client, sent } = recordingClient("header");
    const { data, response } = await client.POST("/v2/publish/{destination}", {
      params: { path: { destination: destinationPathValue(url) } },
      body: "hello",
      bodySerializer: (body) => body as string,
      headers: { "Content-Type": "text/plain" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("sl-violations")).toBeNull();
    expect(data).toHaveProperty("messageId");
    const segment = sent[0].pathname.slice("/v2/publish/".length);
    expect(segment).not.toContain("/");
    expect(decodeURIComponent(segment)).toBe(url);
  });

  test.each(URLS)("enqueue to %s keeps queue and destination apart", async (url) => {
    const { client, sent } = recordingClient("query");
    const { response } = await client.POST("/v2/enqueue/{queueName}/{destination}", {
      params: { path: { queueName: "orders", destination: destinationPathValue(url) } },
      body: { id: 1 },
      headers: { "Content-Type": "application/json" },
    });
    expect(response.status).toBe(200);
    const [, , , queue, segment, ...rest] = sent[0].pathname.split("/");
    expect(queue).toBe("orders");
    expect(rest).toEqual([]);
    expect(decodeURIComponent(segment)).toBe(url);
    // The destination's own query stays inside the segment; QStash's query holds only the token.
    expect([...sent[0].searchParams.keys()]).toEqual(["qstash_token"]);
  });

  test("a workflow trigger URL and a schedule destination travel the same way", async () => {
    const { client } = recordingClient("header");
    const url = URLS[0];
    const trigger = await client.POST("/v2/trigger/{workflowUrl}", {
      params: { path: { workflowUrl: destinationPathValue(url) } },
      body: {},
      headers: { "Content-Type": "application/json" },
    });
    expect(trigger.response.status).toBe(200);
    const schedule = await client.POST("/v2/schedules/{scheduleId}", {
      params: { path: { scheduleId: destinationPathValue(url) }, header: { "Upstash-Cron": "*/5 * * * *" } },
      body: {},
      headers: { "Content-Type": "application/json" },
    });
    expect(schedule.response.status).toBe(200);
  });

  test("the raw form the curl examples show does not route: Prism finds no operation", async () => {
    const response = await fetch(`${inject("prismUrl")}/v2/publish/${URLS[0]}`, {
      method: "POST",
      headers: { Authorization: "Bearer test-token", "Content-Type": "text/plain" },
      body: "hello",
    });
    expect(response.status).toBe(404);
  });
});

describe("destinationPathValue", () => {
  test.each([
    ["https://example.com:8443/hook/a?x=1&y=2", true],
    ["my-url-group_1.v2", false],
  ])("accepts %s (URL: %s) unchanged", (destination, isUrl) => {
    expect(destinationPathValue(destination)).toBe(destination);
    expect(isUrlDestination(destination)).toBe(isUrl);
  });

  test.each(["ftp://example.com/file", "https://", "", "group/with/slash", "group name"])("refuses %j", (destination) => {
    expect(() => destinationPathValue(destination)).toThrow(TypeError);
  });

  test("encodeDestinationSegment matches what openapi-fetch puts in the path", () => {
    expect(encodeDestinationSegment(URLS[0])).toBe("https%3A%2F%2Fexample.com%3A8443%2Fhook%2Fa%3Fx%3D1%26y%3D2");
  });
});
