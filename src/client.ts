import createClient, { createQuerySerializer } from "openapi-fetch";
import { resolveBaseUrl, type Region } from "./base-url.ts";
import { isRawBody, rawBodySerializer } from "./body.ts";
import { readEnv } from "./env.ts";
import { classifyFailure, QStashTransportError } from "./errors/transport-error.ts";
import { expandHeaderFamilies } from "./forward-headers.ts";
import { assertBulkChoice, assertPathParams } from "./guards.ts";
import { BY_ROUTE } from "./operation-facts.ts";
import { readRateLimits } from "./rate-limit.ts";
import { redact, scrub } from "./redact.ts";
import { isRetryableStatus, isSafeToRepeat, nextDelay, RETRY_DEFAULTS, sleep, type RetryOptions } from "./retry.ts";
import { deadline } from "./timeout.ts";
import type { QStashClient } from "./types.ts";

export interface QStashClientOptions {
  /** The QStash token; default `QSTASH_TOKEN` from the environment. */
  token?: string;
  /** `header` (default) sends `Authorization: Bearer …`; `query` sends `?qstash_token=…`. */
  auth?: "header" | "query";
  /** An explicit base URL; wins over `region`. Default: `QSTASH_URL`, else the spec's first server. */
  baseUrl?: string;
  /** A region of the spec's regional server. */
  region?: Region;
  fetch?: (request: Request) => Promise<Response>;
  /** Milliseconds for a whole call, retries included. Default 30 000; Infinity for none. */
  timeout?: number;
  /** Retries on 429 and 5xx for calls safe to repeat; false turns them off. */
  retry?: RetryOptions | false;
  /** Receives one line per retry; lines never hold the token. */
  log?: (line: string) => void;
}

type Init = Record<string, any> & { params?: Record<string, any> };

export function createQStashClient(options: QStashClientOptions = {}): QStashClient {
  const token = options.token ?? readEnv("QSTASH_TOKEN");
  if (!token) throw new TypeError("No QStash token: pass { token } or set QSTASH_TOKEN");
  const inQuery = options.auth === "query";
  const bearer = `Bearer ${token}`;
  const clientRetry = options.retry === false ? false : { ...RETRY_DEFAULTS, ...options.retry };
  const clientTimeout = options.timeout ?? 30_000;
  const log = options.log;
  // QStash reads a multi-value filter from the repeated parameter (label=a&label=b).
  const query = createQuerySerializer({ array: { style: "form", explode: true } });
  const base = createClient<any>({
    baseUrl: resolveBaseUrl(options),
    querySerializer: inQuery ? (q: any) => [query(q), `qstash_token=${encodeURIComponent(token)}`].filter(Boolean).join("&") : query,
  });

  async function call(method: string, path: string, init: Init = {}) {
    const { all, timeout = clientTimeout, retry = clientRetry, signal, headerFamilies, ...rest } = init;
    const route = `${method} ${path}`;
    const params = rest.params;
    assertPathParams(path, params);
    const facts = BY_ROUTE[route];
    const bulk = facts?.bulk;
    if (bulk) assertBulkChoice(bulk, route, params?.query, rest.body, all);
    if (headerFamilies) rest.params = { ...params, header: { ...params?.header, ...expandHeaderFamilies(headerFamilies, facts?.families, route) } };
    const stream = rest.body instanceof ReadableStream;
    if (isRawBody(rest.body)) {
      rest.bodySerializer = rawBodySerializer;
      // Without a caller's type, let fetch name it (a Blob's own type, text/plain for a string) rather than claim JSON.
      if (!hasContentType(rest.headers) && !hasContentType(rest.params?.header)) rest.headers = { ...rest.headers, "Content-Type": null };
      if (stream) rest.duplex = "half";
    }
    const policy = retry === false || stream ? undefined : retry === clientRetry ? clientRetry : { ...RETRY_DEFAULTS, ...retry };
    // A bulk call capped by a count may have run before a 5xx: repeating it would act on a second batch.
    const onlyIfRefused = Boolean(bulk?.limit && params?.query?.[bulk.limit] !== undefined);
    const limit = deadline(timeout, signal);
    const started = Date.now();
    let sentTo: string | undefined;

    const send = async (request: Request): Promise<Response> => {
      sentTo = request.url;
      if (!inQuery) request.headers.set("Authorization", bearer);
      const fetchImpl = options.fetch ?? fetch;
      const repeatable = policy !== undefined && isSafeToRepeat(request);
      for (let attempt = 1; ; attempt++) {
        const last = !repeatable || attempt >= policy.attempts;
        let response: Response | undefined;
        let failure: unknown;
        try {
          response = await fetchImpl(last || !request.body ? request : request.clone());
        } catch (error) {
          if (last || limit.signal.aborted) throw error;
          failure = error;
        }
        if (response && (last || !isRetryableStatus(response.status) || (onlyIfRefused && response.status !== 429))) return inQuery ? new Response(response.body, response) : response;
        if (failure && onlyIfRefused && classifyFailure(failure) !== "refused") throw failure;
        const wait = nextDelay(policy!, attempt, response?.headers, policy!.maxElapsed - (Date.now() - started));
        if (wait === undefined) {
          if (response) return inQuery ? new Response(response.body, response) : response;
          throw failure;
        }
        await response?.body?.cancel(); // hand the connection back before waiting
        log?.(redact(`${method} ${pathOf(request.url)}: ${response ? response.status : classifyFailure(failure)}; attempt ${attempt + 1} of ${policy!.attempts} in ${Math.round(wait)} ms`, token));
        await sleep(wait, limit.signal);
      }
    };

    try {
      const result = await base.request(method as any, path, { ...rest, signal: limit.signal, fetch: send });
      if (result.response.status === 429) (result as any).rateLimit = readRateLimits(result.response.headers)[0];
      return result;
    } catch (error) {
      scrub(error, token);
      // Not sent (a usage error), or the caller's own abort: theirs to handle as it is.
      if (sentTo === undefined || (signal?.aborted && !limit.timedOut())) throw error;
      throw new QStashTransportError(limit.timedOut() ? "timeout" : classifyFailure(error), method, redact(pathOf(sentTo), token), error);
    } finally {
      limit.clear();
    }
  }

  return {
    GET: (path: string, init?: Init) => call("GET", path, init),
    PUT: (path: string, init?: Init) => call("PUT", path, init),
    POST: (path: string, init?: Init) => call("POST", path, init),
    DELETE: (path: string, init?: Init) => call("DELETE", path, init),
    PATCH: (path: string, init?: Init) => call("PATCH", path, init),
    use: base.use,
    eject: base.eject,
  } as unknown as QStashClient;
}

const pathOf = (url: string) => url.replace(/^[a-z]+:\/\/[^/]+/i, "").replace(/[?#].*$/s, "");

function hasContentType(headers: unknown): boolean {
  if (!headers) return false;
  if (headers instanceof Headers) return headers.has("content-type");
  return Object.keys(headers).some((k) => k.toLowerCase() === "content-type");
}

export { resolveBaseUrl };
export type { Region };
