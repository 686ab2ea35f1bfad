import type { OpenApiDocument } from "../spec/build.ts";
import { deref, describeOperations } from "../spec/operations-module.ts";
import { changesState } from "./changes-state.ts";
import { redact } from "../../src/redact.ts";

/** Why a live run cannot start: told in one line; `npm run verify -- --live` exits 2 with it. */
export class PreflightError extends Error {}

export interface LiveTarget {
  /** Base URL of the server, without a trailing slash. */
  upstream: string;
  token: string;
}

const PROBE_TIMEOUT_MS = 10_000;
const EXAMPLE_URL = "https://qstash.upstash.io";

/** QSTASH_URL and QSTASH_TOKEN (or the given values), checked for presence and shape. */
export function liveTarget(
  given: { upstream?: string; token?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): LiveTarget {
  const upstream = given.upstream ?? env.QSTASH_URL;
  const token = given.token ?? env.QSTASH_TOKEN;
  if (!upstream)
    throw new PreflightError(`QSTASH_URL is not set: export QSTASH_URL=${EXAMPLE_URL} (or your region's base URL)`);
  if (!token)
    throw new PreflightError(
      "QSTASH_TOKEN is not set: export QSTASH_TOKEN with a token of the account to check (never printed)",
    );
  let url: URL;
  try {
    url = new URL(upstream);
  } catch {
    const shown = redact(upstream, token);
    throw new PreflightError(
      `QSTASH_URL is not a URL (${shown}): give the base URL with its scheme, e.g. ${EXAMPLE_URL}`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new PreflightError(`QSTASH_URL must be an http(s) URL, not ${url.protocol}`);
  }
  if (url.search || url.hash) throw new PreflightError("QSTASH_URL must be a base URL without a query or fragment");
  return { upstream: upstream.replace(/\/+$/, ""), token };
}

/**
 * One read the spec defines (the first GET that needs no parameters and changes nothing), sent
 * straight to the server before anything else. An unreachable server, a refused token or a wrong
 * base URL ends the run here, in one line, instead of as a hundred failed cases. Returns what it saw.
 */
export async function preflight(
  target: LiveTarget,
  description: OpenApiDocument,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<string> {
  const probe = probeOf(description);
  if (!probe) return "no read without parameters in the spec: preflight skipped";
  const where = `QSTASH_URL (${target.upstream})`;
  const call = `GET ${probe.path}`;
  const fail = (text: string) => new PreflightError(redact(text, target.token));
  let answer: Response;
  try {
    answer = await fetch(`${target.upstream}${probe.path}`, {
      headers: { Authorization: `Bearer ${target.token}`, Accept: "application/json" },
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await answer.arrayBuffer();
  } catch (error) {
    throw fail(`cannot reach ${where}: ${causeOf(error, timeoutMs)}; check the address and the network`);
  }
  const { status } = answer;
  if (status === 401 || status === 403) {
    throw fail(`the server refused QSTASH_TOKEN (${status} on ${call}); use a token of the account to check`);
  }
  if (status === 404) {
    throw fail(
      `${where} looks wrong: ${call}, which the spec defines, answered 404; use the API's base URL, e.g. ${EXAMPLE_URL}`,
    );
  }
  if (status >= 300 && status < 400) {
    const location = answer.headers.get("location") ?? "?";
    throw fail(`${where} redirects (${status} on ${call} to ${location}); use the address it redirects to`);
  }
  if (status < 200 || status >= 300) {
    throw fail(
      `${call} on ${where} answered ${status}; the live run needs a server that answers reads, try again later`,
    );
  }
  const media = (answer.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const declared = probe.media(status);
  if (declared.length > 0 && !declared.includes(media)) {
    const got = `${status} with ${media || "no content type"}`;
    throw fail(`${where} does not look like the API: ${call} answered ${got}, the spec says ${declared.join(" or ")}`);
  }
  return `${call} → ${status}`;
}

interface Probe {
  path: string;
  /** The media types the spec declares for a status of the probe's answer. */
  media(status: number): string[];
}

/**
 * Reads every QStash account has answered since the v2 API, tried first: a read the spec gained lately
 * (bulk actions, 2026) may not be served by every deployment yet, and a probe must not take that for a
 * wrong base URL.
 */
const LONG_STANDING = ["/v2/dlq", "/v2/queues", "/v2/schedules"];

/** The operation the probe calls: GET, no path parameters, nothing required, changes nothing. */
function probeOf(description: OpenApiDocument): Probe | undefined {
  const rank = (path: string) => (LONG_STANDING.includes(path) ? LONG_STANDING.indexOf(path) : LONG_STANDING.length);
  const candidates = Object.values(describeOperations(description)).sort((a, b) => rank(a.path) - rank(b.path));
  for (const facts of candidates) {
    const item = description.paths[facts.path];
    const operation = item?.get;
    if (facts.method !== "GET" || facts.pathParams.length > 0 || facts.bulk || changesState("GET", operation)) continue;
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])];
    if (parameters.some((p: unknown) => deref(description, p)?.required === true)) continue;
    const content = (status: number) =>
      operation.responses?.[String(status)]?.content ?? operation.responses?.["2XX"]?.content ?? {};
    return { path: facts.path, media: (status) => Object.keys(content(status)).map((m) => m.toLowerCase()) };
  }
  return undefined;
}

function causeOf(error: unknown, timeoutMs: number): string {
  const failure = error as Error & { cause?: { code?: string; message?: string } };
  if (failure.name === "TimeoutError" || failure.name === "AbortError") return `no answer within ${timeoutMs / 1000} s`;
  const cause = failure.cause;
  if (cause?.code === "ECONNREFUSED") return "connection refused";
  if (cause?.code === "ENOTFOUND") return "no such host";
  // fetch never connects to the ports browsers block (9, 25, …): for it they are unreachable.
  if (cause?.message === "bad port") return "fetch does not connect to that port (a blocked port)";
  return cause?.code ?? cause?.message ?? failure.message;
}
