export interface Deadline {
  signal: AbortSignal;
  timedOut(): boolean;
  /** Clears the timer and the listener on the caller's signal; call it when the call ends. */
  clear(): void;
}

/**
 * One signal for one call, aborted when `ms` pass or the caller's own signal aborts. Unlike
 * AbortSignal.timeout, its timer is cleared as soon as the call ends.
 */
export function deadline(ms: number | undefined, outer?: AbortSignal | null): Deadline {
  const controller = new AbortController();
  let expired = false;
  const timer = ms === undefined || ms === Infinity ? undefined : setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(`no answer within ${ms} ms`, "TimeoutError"));
  }, ms);
  const forward = () => controller.abort(outer!.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener("abort", forward, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => expired,
    clear() {
      clearTimeout(timer);
      outer?.removeEventListener("abort", forward);
    },
  };
}
