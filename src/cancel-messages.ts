import type { OPERATIONS } from "../generated/operations.ts";
import type { components, operations } from "../generated/schema.ts";
import { QStashGuardError } from "./guard-error.ts";
import { QStashResponseError } from "./response-error.ts";
import { QStashTransportError } from "./transport-error.ts";
import { CANCEL } from "./operation-facts.ts";
import { ownFields } from "./own.ts";
import { sleep } from "./retry.ts";
import { isBlank } from "./scope.ts";
import type { BulkAt, BulkRefusal, QStashClient, ScopeKeys } from "./types.ts";

type CancelPath = (typeof OPERATIONS)["bulkCancelMessages"]["path"];
type ActionPath = (typeof OPERATIONS)["getBulkAction"]["path"];
type Bulk = BulkAt<CancelPath, "delete">;
type Query = NonNullable<operations["bulkCancelMessages"]["parameters"]["query"]>;
type BulkAction = components["schemas"]["BulkAction"];
type BulkActionState = NonNullable<BulkAction["state"]>;

/** What a cancel names: message ids, or filters (the bulk cancel's query parameters that scope it). */
export type CancelScope = Pick<Query, Extract<keyof Query, Bulk["ids"] | Bulk["filters"][number]>>;

export interface CancelProgress {
  actionId: string;
  state: BulkActionState;
  /** Messages the bulk action has handled so far, and the ones it matched, as the server reports them. */
  processed?: number;
  total?: number;
}

export interface CancelOptions {
  /** What to do when the scope is empty: only `all: true` cancels every pending message. */
  all?: boolean;
  signal?: AbortSignal;
  /** Milliseconds for each call (the cancel, each read of the bulk action); the client's by default. */
  timeout?: number;
  /** Called after each read of the bulk action. */
  onProgress?: (progress: CancelProgress) => void;
  /** Milliseconds between reads of the bulk action, default 1,000. */
  interval?: number;
  /**
   * The most reads of the bulk action, default 600: a server that reports it in progress forever must not
   * keep the loop going. Reaching it throws a RangeError naming the action, which goes on in the
   * background; Infinity turns the bound off.
   */
  maxPolls?: number;
}

export interface CancelOutcome {
  /** The cancel's answer: with ids, the messages cancelled; with a filter, the ones it matched when accepted. */
  cancelled: number;
  /** The bulk action a filter-based cancel ran as, when the server answered with one. */
  actionId?: string;
  /** The bulk action as last read, once finished. */
  action?: BulkAction;
}

/** Reads of a bulk action when `maxPolls` is not given. */
export const DEFAULT_MAX_POLLS = 600;
const FINISHED: BulkActionState = "FINISHED";
const STATES: readonly BulkActionState[] = ["IN_PROGRESS", FINISHED];

/** The scope as given, or the refusal the compiler shows when it names nothing and the options do not say `all`. */
type CheckedScope<S, All> = [All] extends [boolean]
  ? S
  : [ScopeKeys<S, Bulk>] extends [never]
    ? BulkRefusal<Bulk, "cancelMessages", "its scope (the second argument)", "pass { all: true } as its options">
    : S;

/**
 * Cancels the pending messages a scope names (ids or filters) in one call, as QStash runs a bulk cancel
 * today: the server cancels every match itself, so there is nothing to batch. When the spec documents
 * the bulk cancel's `async` parameter (CANCEL.async), a filter-based cancel is sent with it and returns
 * at once with a bulk action, which is then read every `interval` ms until it is FINISHED (at most
 * `maxPolls` reads), reporting its progress. Without it, or with ids, the one answer is the outcome.
 * The scope goes through the same guard as a direct call: an empty or blank one is refused unless
 * `all: true`. HTTP errors throw QStashResponseError; an answer without the fields the spec promises
 * throws QStashTransportError (`invalid-body`).
 */
export async function cancelMessages<S extends CancelScope, All extends boolean | undefined = undefined>(
  client: QStashClient,
  scope: CheckedScope<S, All>,
  options: CancelOptions & { all?: All } = {},
): Promise<CancelOutcome> {
  const { all, signal, timeout, onProgress, interval = 1000, maxPolls = DEFAULT_MAX_POLLS } = ownFields(options);
  if (!(maxPolls >= 1)) throw new QStashGuardError(`maxPolls must be 1 or more, got ${maxPolls}`);
  if (!(interval >= 0 && interval < 2 ** 31))
    throw new QStashGuardError(`interval ${interval}: not milliseconds from 0 to 2^31-1`);
  const { method, path } = CANCEL;
  const invalid = (detail: string) => new QStashTransportError("invalid-body", method, path, undefined, detail);
  // Read once, own properties only: what the client's guard judges is what goes out; `async` is no scope
  // (a boolean, see operation-facts.ts).
  const query = ownFields(scope as object) as Record<string, unknown>;
  if (CANCEL.async && isBlank(query[CANCEL.ids])) query[CANCEL.async] = true;
  const answer = await client.DELETE(
    path as CancelPath,
    { params: { query }, signal, timeout, all: all === true } as never,
  );
  // Stryker disable next-line ConditionalExpression: the client sets `error` only with no `data`: `!data` catches it
  if (answer.error !== undefined || !answer.data) {
    throw new QStashResponseError(method, path, answer.response.status, answer.error, answer.rateLimit);
  }
  // The server's answer, own fields only: a polluted Object.prototype.actionId must not start a follow.
  const { cancelled, actionId } = ownFields(answer.data as { cancelled?: unknown; actionId?: unknown });
  if (!Number.isSafeInteger(cancelled) || (cancelled as number) < 0)
    throw invalid(`"cancelled" is ${shown(cancelled)}, not a count`);
  const outcome: CancelOutcome = { cancelled: cancelled as number };
  if (actionId === undefined) return outcome;
  if (typeof actionId !== "string" || isBlank(actionId)) throw invalid(`"actionId" is ${shown(actionId)}, not an id`);
  outcome.actionId = actionId;
  // Stryker disable next-line ConditionalExpression: the spec documents GET /v2/bulkActions/{actionId}: always set
  if (!CANCEL.follow) return outcome;

  for (let reads = 1; ; reads++) {
    await sleep(interval, signal);
    const read = await client.GET(CANCEL.follow as ActionPath, { params: { path: { actionId } }, signal, timeout });
    // Stryker disable next-line ConditionalExpression: the client sets `error` only with no `data`: `!data` catches it
    if (read.error !== undefined || !read.data) {
      throw new QStashResponseError("GET", CANCEL.follow, read.response.status, read.error, read.rateLimit);
    }
    const action = read.data;
    const { state, processed, total } = ownFields(action);
    if (!STATES.includes(state!))
      throw invalid(`bulk action ${actionId}: "state" is ${shown(state)}, not ${STATES.join(" or ")}`);
    onProgress?.({ actionId, state: state!, processed, total });
    if (state === FINISHED) return { ...outcome, action };
    if (reads >= maxPolls) {
      const where = `it goes on in the background: read it with GET ${CANCEL.follow}`;
      throw new RangeError(
        `${method} ${path}: bulk action ${actionId} still ${state} after ${reads} reads (maxPolls); ${where}`,
      );
    }
  }
}

const shown = (value: unknown) => JSON.stringify(value)?.slice(0, 40) ?? "missing";
