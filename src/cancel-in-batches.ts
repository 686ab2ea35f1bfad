import type { OPERATIONS } from "../generated/operations.ts";
import type { operations } from "../generated/schema.ts";
import { QStashGuardError } from "./errors/guard-error.ts";
import { QStashResponseError } from "./errors/response-error.ts";
import { QStashTransportError } from "./errors/transport-error.ts";
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
  /**
   * The most batches to send, default 10,000 (5,000,000 messages at the spec's maximum of 500): a server
   * that keeps answering full batches must not keep the loop going forever. Reaching it throws a
   * RangeError that says how many were cancelled; call again to go on. Infinity turns the bound off.
   */
  maxBatches?: number;
}

/** Batches sent when `maxBatches` is not given. */
export const DEFAULT_MAX_BATCHES = 10_000;

/**
 * Cancels the messages a filter matches in batches of the spec's documented maximum `count`,
 * so that no single call runs long enough to time out, and reports progress after each batch.
 * Stops when a batch cancels fewer than the maximum. The filter goes through the same guard as
 * a direct call: an empty or blank one is refused unless `all: true`. An answer without a usable
 * count (missing, not a whole number from 0 to the batch size) ends the loop with a
 * QStashTransportError (`invalid-body`): without it the loop cannot tell when to stop.
 */
export async function cancelInBatches(
  client: QStashClient,
  filter: Omit<Query, "count" | "messageIds">,
  { onProgress, signal, all, maxBatches = DEFAULT_MAX_BATCHES }: CancelInBatchesOptions = {},
): Promise<{ batches: number; total: number }> {
  const fact = FACTS[OPERATION];
  const limitName = fact?.bulk?.limit;
  const max = fact?.bulk?.max;
  if (!fact || !limitName || !max) throw new QStashGuardError(`The spec documents no maximum batch size for ${OPERATION}`);
  if (!(maxBatches >= 1)) throw new QStashGuardError(`maxBatches must be 1 or more, got ${maxBatches}`);
  const path = fact.path as (typeof OPERATIONS)[typeof OPERATION]["path"];
  // Read once: every batch sends the same filter.
  const query = { ...filter, [limitName]: max } as Query;
  let batches = 0;
  let total = 0;
  for (;;) {
    signal?.throwIfAborted();
    const result = await client.DELETE(path, { params: { query }, signal, all: all === true ? true : false });
    if (result.error !== undefined || !result.data) {
      throw new QStashResponseError(fact.method, fact.path, result.response.status, result.error, result.rateLimit);
    }
    const cancelled: unknown = result.data.cancelled;
    if (typeof cancelled !== "number" || !Number.isInteger(cancelled) || cancelled < 0 || cancelled > max) {
      const shown = JSON.stringify(cancelled)?.slice(0, 40) ?? "missing";
      const detail = `"cancelled" is ${shown}, not a count from 0 to ${max}; ${total} cancelled before it`;
      throw new QStashTransportError("invalid-body", fact.method, fact.path, undefined, detail);
    }
    batches += 1;
    total += cancelled;
    onProgress?.({ batches, cancelled, total });
    if (cancelled < max) return { batches, total };
    if (batches >= maxBatches) {
      const done = `${total} cancelled in ${batches} full batches (maxBatches)`;
      throw new RangeError(`${fact.method} ${fact.path}: ${done}; call again to go on`);
    }
  }
}
