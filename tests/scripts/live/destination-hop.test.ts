import { describe, expect, test } from "vitest";
import description from "../../../generated/qstash.openapi.json" with { type: "json" };
import { unfoldDestination } from "../../../scripts/contract/mock-destination.ts";
import { startDestinationHop } from "../../../scripts/live/destination-hop.ts";
import type { OpenApiDocument } from "../../../scripts/spec/build.ts";
import { json, useLocalServer } from "../../helpers/local-server.ts";

const spec = description as unknown as OpenApiDocument;
const server = useLocalServer();

describe("live runs: past Prism, the server gets the destination raw again", () => {
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
