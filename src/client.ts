import { resolveBaseUrl, type Region } from "./base-url.ts";
import { readEnv } from "./env.ts";
import { QStashGuardError } from "./guard-error.ts";
import { classifyFailure, QStashTransportError } from "./transport-error.ts";
import { expandHeaderFamilies } from "./forward-headers.ts";
import { guardBulkReadings } from "./guards.ts";
import { BULK, DESTINATIONS, FAMILIES, type BulkFacts } from "./operation-facts.ts";
import { ownFields, ownValue } from "./own.ts";
import { readRateLimits } from "./rate-limit.ts";
import { BodyTooLarge, DEFAULT_MAX_RESPONSE_BYTES } from "./read-body.ts";
import { redact, scrub, shownResponse } from "./redact.ts";
import { buildRequest, readResult, type WireRequest } from "./request.ts";
import { isRetryableStatus, isSafeToRepeat, nextDelay, retryPolicy, sleep, type RetryOptions } from "./retry.ts";
import { Deadline } from "./timeout.ts";
import type { QStashClient } from "./types.ts";

export interface QStashClientOptions {
  /** The QStash token; default `QSTASH_TOKEN` from the environment. */
  token?: string;
  /**
   * `header` (default) sends `Authorization: Bearer …`; `query` sends `?qstash_token=…`. Either way a
   * redirect comes back as the answer (3xx, its Location masked) and is never followed: a call goes only
   * to the URL its guards judged (request.ts).
   */
  auth?: "header" | "query";
  /**
   * An explicit base URL; wins over `region`. Default: `QSTASH_URL`, else the spec's first server.
   * http(s) only, with no user info, no query and no fragment (refused when the client is created).
   */
  baseUrl?: string;
  /** A region of the spec's regional server. */
  region?: Region;
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Milliseconds for a whole call, retries and waits included; a per-call `timeout` wins.
   * Default 30 000 (30 s): a server that never answers cannot hold a call forever. `Infinity` turns the bound off.
   * The default holds without an AbortSignal, which Node's fetch charges about 10 µs a call for (see bench/):
   * at 30 s the call rejects with a `timeout` QStashTransportError and sends nothing more; a body still
   * arriving is cancelled then (read-body.ts), which closes its connection, and a connection still waiting
   * for the answer's headers closes when they arrive (the body is cancelled unread) or at Node's own limit
   * (300 s). An explicit `timeout`, or a `signal`, aborts the connection itself.
   */
  timeout?: number;
  /** Retries on 429 and 5xx for calls safe to repeat; false turns them off. */
  retry?: RetryOptions | false;
  /** Receives one line per retry; lines never hold the token. */
  log?: (line: string) => void;
  /**
   * The most bytes one answer's body may have; a per-call `maxResponseBytes` wins. Past it the read
   * stops, the connection closes and the call rejects with a `too-large` QStashTransportError.
   * Default 128 MiB, above the largest answer QStash documents (read-body.ts); `Infinity` turns it off.
   */
  maxResponseBytes?: number;
}

type Init = Record<string, any> & { params?: Record<string, any> };

/** The client's timeout when none is given (see QStashClientOptions.timeout). */
export const DEFAULT_TIMEOUT = 30_000;
/** The bulk operations of each method: only these can act on everything. */
const BULK_BY_METHOD: Record<string, BulkFacts[]> = Object.create(null);
// Stryker disable next-line AssignmentOperator: runs once at import, before the vitest runner can switch a mutant on.
for (const facts of BULK) (BULK_BY_METHOD[facts.method] ??= []).push(facts);

export function createQStashClient(given: QStashClientOptions = {}): QStashClient {
  const options = ownFields(given);
  const token = options.token ?? readEnv("QSTASH_TOKEN");
  if (!token) throw new QStashGuardError("No QStash token: pass { token } or set QSTASH_TOKEN");
  const inQuery = options.auth === "query";
  const auth = inQuery ? `&qstash_token=${encodeURIComponent(token)}` : "";
  const bearer = inQuery ? undefined : { authorization: `Bearer ${token}` };
  const baseUrl = resolveBaseUrl(options);
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, ""); // "" for none
  const clientRetry = options.retry === false ? false : retryPolicy(options.retry);
  const clientTimeout = checkedTimeout(options.timeout);
  const clientMaxBytes = checkedMaxBytes(
    options.maxResponseBytes === undefined ? DEFAULT_MAX_RESPONSE_BYTES : options.maxResponseBytes,
  );
  const log = options.log;
  const custom = options.fetch;

  /**
   * The URL, headers and body of a call, every value read once, and the bulk guard's verdict on that very
   * URL: every operation it reaches in any reading a server may give its path, base path included
   * (`/v2/./dlq`, `/v2/dlq/%252e`, `/V2/DLQ/`, a base URL ending in `/v2` with `/dlq` all reach the bulk
   * delete: path-readings.ts), and the scope its query holds in that reading.
   */
  function prepare(method: string, path: unknown, init: Init, all: boolean) {
    if (typeof path !== "string" || path[0] !== "/" || /[?#]/.test(path)) {
      const shown = typeof path === "string" ? JSON.stringify(path) : typeof path;
      throw new QStashGuardError(
        `${method} ${shown}: a path starts with "/" and holds no "?" or "#"; nothing was sent`,
      );
    }
    const route = `${method} ${path}`;
    const { headerFamilies, params, headers, body } = init;
    const families =
      headerFamilies && expandHeaderFamilies(ownFields(headerFamilies), ownValue(FAMILIES, route), route);
    const wire = buildRequest(
      method,
      baseUrl,
      path,
      params,
      [headers, families, bearer],
      body,
      auth,
      ownValue(DESTINATIONS, route),
    );
    let only429 = false;
    const bulkOfMethod = ownValue(BULK_BY_METHOD, method);
    if (bulkOfMethod) {
      const url = new URL(wire.url);
      const facts = guardBulkReadings(url, basePath, bulkOfMethod, all, path);
      // A bulk call capped by a count may have run before a 5xx: repeating it would act on a second batch.
      only429 = Boolean(facts?.limit && url.searchParams.has(facts.limit));
    }
    return { wire, only429 };
  }

  function call(method: string, path: string, given?: Init): Promise<unknown> {
    const init = ownFields(given);
    const { all, timeout = clientTimeout, retry = clientRetry, signal, maxResponseBytes = clientMaxBytes } = init;
    let prepared: ReturnType<typeof prepare>;
    let policy: Required<RetryOptions> | undefined;
    try {
      prepared = prepare(method, path, init, all === true);
      checkedTimeout(timeout);
      checkedMaxBytes(maxResponseBytes);
      const once = retry === false || prepared.wire.once;
      policy = once ? undefined : retryPolicy(retry);
    } catch (error) {
      return Promise.reject(scrub(error, token));
    }
    const { wire, only429 } = prepared;
    // No signal for fetch unless there is something to abort for: fetch pays for every signal it follows.
    // The default timeout is kept by racing the call instead (see QStashClientOptions.timeout).
    const soft = timeout === undefined && !signal;
    const limit = timeout === Infinity && !signal ? undefined : new Deadline(timeout ?? DEFAULT_TIMEOUT, signal, soft);
    if (limit && !soft) wire.init.signal = limit.signal;
    const wrap = (thrown: unknown) => {
      // scrub cleans an error in place; a thrown string cannot be changed, so it is replaced.
      const error = typeof thrown === "string" ? redact(thrown, token) : scrub(thrown, token);
      // The caller's own abort: theirs to handle as it is.
      if (signal?.aborted && !limit!.timedOut()) return error; // a call with a signal always has a deadline
      const failure = limit?.timedOut() ? "timeout" : classifyFailure(error);
      const detail =
        error instanceof BodyTooLarge
          ? `maxResponseBytes (${error.limit} bytes); raise it to read such an answer`
          : undefined;
      return new QStashTransportError(failure, method, redact(pathOf(wire.url), token), error, detail);
    };
    const work = send(method, wire, { policy, only429, limit, maxBytes: maxResponseBytes }, wrap);
    return soft ? limit!.race(work, wrap) : work;
  }

  /**
   * The attempts of one call, retries and their waits included: the result, or `wrap` of what went wrong.
   * Every answer it leaves behind is cancelled, which closes its connection: one to be retried, one that
   * arrives past the deadline, one past `maxBytes`, and one whose deadline passes mid-body (read-body.ts).
   */
  async function send(method: string, wire: WireRequest, plan: Plan, wrap: (error: unknown) => unknown) {
    const { policy, only429, limit, maxBytes } = plan;
    const read = (response: Response) => readResult(response, method, token!, maxBytes, limit);
    try {
      const repeatable = policy !== undefined && isSafeToRepeat(method, wire.init.headers);
      const started = Date.now();
      for (let attempt = 1; ; attempt++) {
        const last = !repeatable || attempt >= policy.attempts;
        let response: Response | undefined;
        let failure: unknown;
        try {
          response = await (custom ? custom(new Request(wire.url, wire.init)) : fetch(wire.url, wire.init));
        } catch (error) {
          if (last || limit?.stopped()) throw error;
          failure = error;
        }
        if (limit?.stopped()) {
          // Past a deadline fetch does not follow (the default one): the caller has its answer; send nothing more.
          // A failed attempt past the deadline has thrown already; the caller has its answer by now.
          // Stryker disable next-line OptionalChaining: how this attempt ends does not show, only that nothing more is sent.
          await response!.body?.cancel();
          throw limit.stopped();
        }
        const status = response?.status ?? 0;
        const final = last || !isRetryableStatus(status) || (only429 && status !== 429);
        if (response && final) return shape(response, await read(response));
        if (failure && only429 && classifyFailure(failure) !== "refused") throw failure;
        const wait = nextDelay(policy!, attempt, response?.headers, policy!.maxElapsed - (Date.now() - started));
        if (wait === undefined) {
          if (!response) throw failure;
          return shape(response, await read(response));
        }
        await response?.body?.cancel(); // hand the connection back before waiting
        const outcome = response ? response.status : classifyFailure(failure);
        const next = `attempt ${attempt + 1} of ${policy!.attempts} in ${Math.round(wait)} ms`;
        log?.(redact(`${method} ${pathOf(wire.url)}: ${outcome}; ${next}`, token));
        await sleep(wait, limit?.signal);
      }
    } catch (error) {
      throw wrap(error);
    } finally {
      limit?.clear();
    }
  }

  /** `{ data, error, response }` without the token anywhere; the Response is checked when first read. */
  function shape(raw: Response, body: { data?: unknown; error?: unknown }) {
    let shown: Response | undefined;
    const result: Record<string, unknown> = {
      ...body,
      get response() {
        return (shown ??= shownResponse(raw, token!, inQuery));
      },
    };
    if (raw.status === 429) result.rateLimit = readRateLimits(raw.headers)[0];
    return result;
  }

  return {
    GET: (path: string, init?: Init) => call("GET", path, init),
    PUT: (path: string, init?: Init) => call("PUT", path, init),
    POST: (path: string, init?: Init) => call("POST", path, init),
    DELETE: (path: string, init?: Init) => call("DELETE", path, init),
    PATCH: (path: string, init?: Init) => call("PATCH", path, init),
  } as unknown as QStashClient;
}

/** What one call's attempts follow: the retry policy (none: one attempt), the deadline, the size limit. */
interface Plan {
  policy: Required<RetryOptions> | undefined;
  /** Only a 429 is retried (a bulk call capped by a count). */
  only429: boolean;
  limit: Deadline | undefined;
  maxBytes: number;
}

/** A size limit is a whole number of bytes from 1, or Infinity for none. */
function checkedMaxBytes(bytes: unknown): number {
  if ((Number.isSafeInteger(bytes) && (bytes as number) >= 1) || bytes === Infinity) return bytes as number;
  throw new QStashGuardError(`maxResponseBytes ${String(bytes)}: not a whole number of bytes from 1, nor Infinity`);
}

/** A timeout is milliseconds a timer can hold (1 to 2^31-1), or Infinity for none. */
function checkedTimeout<T>(timeout: T): T {
  const ms = timeout as number;
  if (timeout === undefined || ms === Infinity || (ms > 0 && ms < 2 ** 31)) return timeout;
  throw new QStashGuardError(`timeout ${String(timeout)}: not milliseconds from 1 to 2^31-1, nor Infinity`);
}

const pathOf = (url: string) => new URL(url).pathname;

export { resolveBaseUrl };
export type { Region };
