import { resolveBaseUrl, type Region } from "./base-url.ts";
import { readEnv } from "./env.ts";
import { classifyFailure, QStashTransportError } from "./errors/transport-error.ts";
import { expandHeaderFamilies } from "./forward-headers.ts";
import { assertBulkChoice, assertPathParams } from "./guards.ts";
import { BY_ROUTE } from "./operation-facts.ts";
import { readRateLimits } from "./rate-limit.ts";
import { redact, scrub } from "./redact.ts";
import { buildRequest, readResult } from "./request.ts";
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
  /**
   * Milliseconds for a whole call, retries and waits included; a per-call `timeout` wins.
   * Default: none, as with fetch. A timeout means an AbortSignal per call, which Node's fetch
   * charges about 10 µs for on loopback (see bench/); most callers should still set one.
   */
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
  const auth = inQuery ? `&qstash_token=${encodeURIComponent(token)}` : "";
  const bearer = inQuery ? undefined : { authorization: `Bearer ${token}` };
  const baseUrl = resolveBaseUrl(options);
  const clientRetry = options.retry === false ? false : { ...RETRY_DEFAULTS, ...options.retry };
  const clientTimeout = options.timeout ?? DEFAULT_TIMEOUT;
  const log = options.log;
  const custom = options.fetch;
  // A Response keeps the URL it came from; with query auth that URL holds the token.
  const hideUrl = (response: Response) => (inQuery ? new Response(response.body, response) : response);

  async function call(method: string, path: string, init: Init = {}) {
    const { all, timeout = clientTimeout, retry = clientRetry, signal, headerFamilies, params, headers, body } = init;
    const route = `${method} ${path}`;
    assertPathParams(path, params);
    const facts = BY_ROUTE[route];
    const bulk = facts?.bulk;
    if (bulk) assertBulkChoice(bulk, route, params?.query, body, all);
    const families = headerFamilies && expandHeaderFamilies(headerFamilies, facts?.families, route);
    const wire = buildRequest(method, baseUrl, path, params, [headers, families, bearer], body, auth);
    const policy = retry === false || wire.once ? undefined : retry === clientRetry ? clientRetry : { ...RETRY_DEFAULTS, ...retry };
    const repeatable = policy !== undefined && isSafeToRepeat(method, wire.init.headers);
    // A bulk call capped by a count may have run before a 5xx: repeating it would act on a second batch.
    const only429 = Boolean(bulk?.limit && params?.query?.[bulk.limit] !== undefined);
    // No signal unless there is something to abort for: fetch pays for every signal it follows.
    const limit = timeout === Infinity && !signal ? undefined : deadline(timeout, signal);
    if (limit) wire.init.signal = limit.signal;
    const started = Date.now();
    let sent = false;
    try {
      for (let attempt = 1; ; attempt++) {
        const last = !repeatable || attempt >= policy.attempts;
        let response: Response | undefined;
        let failure: unknown;
        sent = true;
        try {
          response = await (custom ? custom(new Request(wire.url, wire.init)) : fetch(wire.url, wire.init));
        } catch (error) {
          if (last || limit?.signal.aborted) throw error;
          failure = error;
        }
        if (response && (last || !isRetryableStatus(response.status) || (only429 && response.status !== 429))) {
          const result: Record<string, unknown> = await readResult(hideUrl(response), method);
          if (response.status === 429) result.rateLimit = readRateLimits(response.headers)[0];
          return result;
        }
        if (failure && only429 && classifyFailure(failure) !== "refused") throw failure;
        const wait = nextDelay(policy!, attempt, response?.headers, policy!.maxElapsed - (Date.now() - started));
        if (wait === undefined) {
          if (!response) throw failure;
          const result: Record<string, unknown> = await readResult(hideUrl(response), method);
          if (response.status === 429) result.rateLimit = readRateLimits(response.headers)[0];
          return result;
        }
        await response?.body?.cancel(); // hand the connection back before waiting
        log?.(redact(`${method} ${pathOf(wire.url)}: ${response ? response.status : classifyFailure(failure)}; attempt ${attempt + 1} of ${policy!.attempts} in ${Math.round(wait)} ms`, token));
        await sleep(wait, limit?.signal);
      }
    } catch (error) {
      scrub(error, token);
      // Not sent (a usage error), or the caller's own abort: theirs to handle as it is.
      if (!sent || (signal?.aborted && !limit?.timedOut())) throw error;
      throw new QStashTransportError(limit?.timedOut() ? "timeout" : classifyFailure(error), method, redact(pathOf(wire.url), token), error);
    } finally {
      limit?.clear();
    }
  }

  return {
    GET: (path: string, init?: Init) => call("GET", path, init),
    PUT: (path: string, init?: Init) => call("PUT", path, init),
    POST: (path: string, init?: Init) => call("POST", path, init),
    DELETE: (path: string, init?: Init) => call("DELETE", path, init),
    PATCH: (path: string, init?: Init) => call("PATCH", path, init),
  } as unknown as QStashClient;
}

const DEFAULT_TIMEOUT = Infinity;
const pathOf = (url: string) => url.replace(/^[a-z]+:\/\/[^/]+/i, "").replace(/[?#].*$/s, "");

export { resolveBaseUrl };
export type { Region };
