import type { SERVERS } from "../generated/operations.ts";
import { readEnv } from "./env.ts";
import { QStashGuardError } from "./guard-error.ts";
import { SERVER } from "./operation-facts.ts";

type RegionalServer = Extract<(typeof SERVERS)[number], { variables: { region: unknown } }>;
/** Regions named by the spec's regional server. */
export type Region = NonNullable<RegionalServer["variables"]["region"]["enum"]>[number];

/**
 * Where calls go: an explicit base URL, else the spec's regional server for `region`, else
 * `QSTASH_URL` from the environment (what QStash users already set), else the spec's first server
 * that needs no variables (a template such as `https://qstash-{region}…` is no address by itself).
 */
export function resolveBaseUrl({ baseUrl, region }: { baseUrl?: string; region?: Region }): string {
  if (baseUrl || region === undefined) return checked(baseUrl || readEnv("QSTASH_URL") || SERVER.url);
  if (!SERVER.regional || !SERVER.regions.includes(region)) {
    throw new QStashGuardError(`Unknown QStash region "${region}"; the spec lists: ${SERVER.regions.join(", ")}`);
  }
  return SERVER.regional.replace("{region}", region);
}

function checked(url: string): string {
  if (!URL.canParse(url)) throw new QStashGuardError("The QStash base URL is not a valid URL");
  return url.replace(/\/+$/, "");
}
