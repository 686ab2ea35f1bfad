import type { RateLimit } from "./rate-limit.ts";

/**
 * Thrown only by the helpers that cannot hand back `{ data, error, response }` (the page
 * iterators and the batch canceller): a page came back with an HTTP error status. It holds the
 * status, the parsed error body and a 429's rate-limit figures, never the Response (whose URL
 * may carry a `qstash_token` query).
 */
export class QStashResponseError extends Error {
  override name = "QStashResponseError";
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
    readonly rateLimit?: RateLimit,
  ) {
    super(
      `${method} ${path}: HTTP ${status}${body && typeof body === "object" && "error" in body ? `: ${String((body as { error: unknown }).error)}` : ""}`,
    );
  }
}
