import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "../generated/schema.ts";
import { SERVERS } from "../generated/operations.ts";

type RegionalServer = Extract<(typeof SERVERS)[number], { variables: { region: unknown } }>;
/** Regions named by the spec's regional server. */
export type Region = NonNullable<RegionalServer["variables"]["region"]["enum"]>[number];

export interface QStashClientOptions {
  /** The QStash token. */
  token: string;
  /** `header` (default) sends `Authorization: Bearer …`; `query` sends `?qstash_token=…`. */
  auth?: "header" | "query";
  /** An explicit base URL; wins over `region`. */
  baseUrl?: string;
  /** A region of the spec's regional server; without it and without baseUrl, the global server. */
  region?: Region;
  fetch?: (request: Request) => Promise<Response>;
}

export type QStashClient = Client<paths>;

export function createQStashClient(options: QStashClientOptions): QStashClient {
  const client = createClient<paths>({
    baseUrl: resolveBaseUrl(options),
    fetch: options.fetch,
    // QStash reads a multi-value filter from the repeated parameter (label=a&label=b).
    querySerializer: { array: { style: "form", explode: true } },
  });
  client.use(authMiddleware(options.token, options.auth ?? "header"));
  return client;
}

export function resolveBaseUrl({ baseUrl, region }: Pick<QStashClientOptions, "baseUrl" | "region">): string {
  if (baseUrl) return baseUrl.replace(/\/+$/, "");
  const regional = SERVERS.find((server) => "region" in server.variables) as RegionalServer | undefined;
  if (region === undefined || !regional) return SERVERS[0].url;
  const allowed: readonly string[] = regional.variables.region.enum ?? [];
  if (!allowed.includes(region)) throw new TypeError(`Unknown QStash region "${region}"; the spec lists: ${allowed.join(", ")}`);
  return regional.url.replace("{region}", region);
}

function authMiddleware(token: string, mode: "header" | "query"): Middleware {
  return {
    onRequest({ request }) {
      if (mode === "header") {
        request.headers.set("Authorization", `Bearer ${token}`);
        return request;
      }
      const url = new URL(request.url);
      url.searchParams.set("qstash_token", token);
      return new Request(url, request);
    },
  };
}
