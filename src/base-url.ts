import type { SERVERS } from "../generated/operations.ts";
import { readEnv } from "./env.ts";
import { QStashGuardError } from "./guard-error.ts";
import { SERVER } from "./operation-facts.ts";
import { ownFields } from "./own.ts";

type RegionalServer = Extract<(typeof SERVERS)[number], { variables: { region: unknown } }>;
/** Regions named by the spec's regional server. */
export type Region = NonNullable<RegionalServer["variables"]["region"]["enum"]>[number];

/**
 * Where calls go: an explicit base URL, else the spec's regional server for `region`, else
 * `QSTASH_URL` from the environment (what QStash users already set), else the spec's first server
 * that needs no variables (a template such as `https://qstash-{region}…` is no address by itself).
 */
export function resolveBaseUrl(options: { baseUrl?: string; region?: Region }): string {
  const { baseUrl, region } = ownFields(options);
  if (baseUrl || region === undefined) return checked(baseUrl || readEnv("QSTASH_URL") || SERVER.url);
  if (!SERVER.regional || !SERVER.regions.includes(region)) {
    throw new QStashGuardError(`Unknown QStash region "${region}"; the spec lists: ${SERVER.regions.join(", ")}`);
  }
  return SERVER.regional.replace("{region}", region);
}

/**
 * A base URL every call's path can be appended to: http(s), no user info, no query, no fragment. A
 * query or a fragment would swallow the call's path (every call misrouted); user info makes fetch
 * refuse every call, and its error would quote the password. Refused at once, in one line that shows
 * the URL without its user info, query or fragment, and with no cause that could hold them.
 */
function checked(url: string): string {
  if (!URL.canParse(url)) throw new QStashGuardError("The QStash base URL is not a valid URL");
  const parsed = new URL(url);
  const userInfo = parsed.username !== "" || parsed.password !== "";
  const shown = `${parsed.protocol}//${userInfo ? "[redacted]@" : ""}${parsed.host}${parsed.pathname}`;
  const problem =
    parsed.protocol !== "http:" && parsed.protocol !== "https:"
      ? "is not http:// or https://"
      : userInfo
        ? "holds user info (a name or a password before @), which fetch refuses to send; pass the token as { token }"
        : url.split("#")[0]!.includes("?")
          ? "has a query (?…), which every call's path would be appended to; remove it"
          : url.includes("#")
            ? "has a fragment (#…), which would swallow every call's path; remove it"
            : undefined;
  if (problem) throw new QStashGuardError(`The QStash base URL ${shown} ${problem}`);
  return url.replace(/\/+$/, "");
}
