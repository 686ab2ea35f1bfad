import { createServer } from "node:http";

/** What every contender asks for and parses: one DLQ page, as the spec shapes it. */
export const DLQ_PAGE = JSON.stringify({
  messages: [{ messageId: "msg_1", dlqId: "dlq_1", url: "https://example.com/hook", responseStatus: 500 }],
  cursor: "c1",
});

/** A keep-alive node:http server on 127.0.0.1:0 that answers every request with DLQ_PAGE. */
export async function startLoopback(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(DLQ_PAGE) });
      res.end(DLQ_PAGE);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
