import type { OPERATIONS } from "../generated/operations.ts";
import type { operations } from "../generated/schema.ts";
import { QStashResponseError } from "./errors/response-error.ts";
import { FACTS } from "./operation-facts.ts";
import type { QStashClient } from "./types.ts";

type Query = NonNullable<operations["bulkCancelMessages"]["parameters"]["query"]>;
const OPERATION = "bulkCancelMessages";

export interface CancelProgress {
  /** Batches sent so far, this one included. */
  batches: number;
  /** Messages the last batch cancelled. */
  cancelled: number;
  /** Messages cancelled so far. */
  total: number;
}

export interface CancelInBatchesOptions {
  /** Called after every batch. */
  onProgress?: (progress: CancelProgress) => void;
  signal?: AbortSignal;
  /** What to do when the filter is empty: only `all: true` cancels every pending message. */
  all?: boolean;
}

/**
 * Cancels the messages a filter matches in batches of the spec's documented maximum `count`,
 * so that no single call runs long enough to time out, and reports progress after each batch.
 * Stops when a batch cancels fewer than the maximum. When the spec documents no maximum, one
 * call is the whole batch. The filter goes through the same guard as
 * a direct call: an empty one is refused unless `all: true`.
 */
export async function cancelInBatches(
  client: QStashClient,
  filter: Omit<Query, "count" | "messageIds">,
  { onProgress, signal, all }: CancelInBatchesOptions = {},
): Promise<{ batches: number; total: number }> {
  const fact = FACTS[OPERATION];
  if (!fact?.bulk) throw new TypeError(`The spec does not describe ${OPERATION} as a bulk call`);
  const limitName = fact.bulk.limit;
  // No documented maximum (since upstash/docs 03fdcba `count` is deprecated and ignored): one call cancels every match.
  const max = limitName ? fact.bulk.max : undefined;
  let batches = 0;
  let total = 0;
  for (;;) {
    signal?.throwIfAborted();
    const query = (max && limitName ? { ...filter, [limitName]: max } : { ...filter }) as Query;
    const result = await client.DELETE(fact.path as (typeof OPERATIONS)[typeof OPERATION]["path"], { params: { query }, signal, all: all === true ? true : false });
    if (result.error !== undefined || !result.data) {
      throw new QStashResponseError(fact.method, fact.path, result.response.status, result.error, result.rateLimit);
    }
    const cancelled = result.data.cancelled;
    batches += 1;
    total += cancelled;
    onProgress?.({ batches, cancelled, total });
    if (!max || cancelled < max) return { batches, total };
  }
}
