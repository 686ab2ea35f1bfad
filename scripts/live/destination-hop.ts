import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { HOP_BY_HOP } from "./hop-headers.ts";

// fetch has already undone the answer's encoding.
const NOT_RELAYED = new Set([...HOP_BY_HOP, "content-encoding"]);

export interface Hop {
  url: string;
  stop(): Promise<void>;
}

/**
 * A one-purpose proxy on 127.0.0.1 that hands every request to `upstream` with its URL rewritten: in a live
 * run it sits between Prism's proxy and the real service and unfolds destinations (Prism needs them folded,
 * QStash takes them raw; scripts/contract/mock-destination.ts). Redirects come back as they are; an upstream
 * that cannot be reached resets the connection.
 */
export async function startDestinationHop(upstream: string, rewrite: (method: string, url: URL) => URL): Promise<Hop> {
  const base = new URL(upstream);
  const server = createServer((incoming, outgoing) => {
    relay(incoming)
      .then(async (answer) => {
        const headers: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          if (!NOT_RELAYED.has(name)) headers[name] = value;
        });
        const bytes = Buffer.from(await answer.arrayBuffer());
        outgoing.writeHead(answer.status, headers).end(bytes);
      })
      // An unreachable upstream resets the connection, so Prism reports it as it would without the hop.
      .catch(() => incoming.socket.destroy());
  });
  async function relay(incoming: IncomingMessage): Promise<Response> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const method = incoming.method ?? "GET";
    const asked = new URL(`${base.pathname.replace(/\/$/, "")}${incoming.url ?? "/"}`, base.origin);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers))
      if (value !== undefined && !HOP_BY_HOP.has(name))
        headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    return fetch(rewrite(method, asked), { method, headers, body, redirect: "manual" });
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
