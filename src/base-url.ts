import { SERVERS } from "../generated/operations.ts";
import { readEnv } from "./env.ts";
import { QStashGuardError } from "./errors/guard-error.ts";

type RegionalServer = Extract<(typeof SERVERS)[number], { variables: { region: unknown } }>;
/** Regions named by the spec's regional server. */
export type Region = NonNullable<RegionalServer["variables"]["region"]["enum"]>[number];

/**
 * Where calls go: an explicit base URL, else the spec's regional server for `region`, else
 * `QSTASH_URL` from the environment (what QStash users already set), else the spec's first server
 * that needs no variables (a template such as `https://qstash-{region}…` is no address by itself).
 */
export function resolveBaseUrl({ baseUrl, region }: { baseUrl?: string; region?: Region }): string {
  if (baseUrl || region === undefined) return checked(baseUrl || readEnv("QSTASH_URL") || DEFAULT_SERVER);
  const regional = SERVERS.find((server) => "region" in server.variables) as RegionalServer | undefined;
  const allowed: readonly string[] = regional?.variables.region.enum ?? [];
  if (!regional || !allowed.includes(region)) throw new QStashGuardError(`Unknown QStash region "${region}"; the spec lists: ${allowed.join(", ")}`);
  return regional.url.replace("{region}", region);
}

const DEFAULT_SERVER = (SERVERS.find((server) => Object.keys(server.variables).length === 0) ?? SERVERS[0]).url;

function checked(url: string): string {
  if (!URL.canParse(url)) throw new QStashGuardError("The QStash base URL is not a valid URL");
  return url.replace(/\/+$/, "");
}
