/**
 * One deadline for one call: `ms` from now, or earlier if the caller's own signal aborts. Unlike
 * AbortSignal.timeout, its timer is cleared as soon as the call ends (clear()). With `lazy` (no
 * caller's signal, only a timer: the client's default timeout) no AbortController is made until
 * something waits on `signal`, which only a retry's sleep does; fetch is then given no signal and
 * the call is ended by race() instead. A class, so that a call pays for one object, not a set of closures.
 */
export class Deadline {
  #controller: AbortController | undefined;
  #reason: unknown;
  #expired = false;
  #lose: ((reason: unknown) => void) | undefined;
  #onStop: ((reason: unknown) => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #unlisten: (() => void) | undefined;

  constructor(ms: number, outer?: AbortSignal | null, lazy = false) {
    if (!lazy) this.#controller = new AbortController();
    if (ms !== Infinity) {
      this.#timer = setTimeout(() => {
        this.#expired = true;
        this.#stop(new DOMException(`no answer within ${ms} ms`, "TimeoutError"));
      }, ms);
    }
    if (outer) {
      const forward = () => this.#stop(outer.reason);
      if (outer.aborted) forward();
      outer.addEventListener("abort", forward, { once: true });
      this.#unlisten = () => outer.removeEventListener("abort", forward);
    }
  }

  /** Aborted when the time is up or the caller's signal aborts. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#reason !== undefined) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  timedOut(): boolean {
    return this.#expired;
  }

  /** Why the call must stop (the timeout, or the caller's reason), or undefined while it may go on. */
  stopped(): unknown {
    return this.#reason;
  }

  /** Clears the timer and the listener on the caller's signal; call it when the call ends. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#unlisten?.();
  }

  /**
   * Calls `listener` when the call must stop (at once if it must already), until replaced or cleared with
   * undefined: a body being read is cancelled through it (read-body.ts), with or without a signal.
   */
  onStop(listener: ((reason: unknown) => void) | undefined): void {
    this.#onStop = listener;
    if (listener && this.#reason !== undefined) listener(this.#reason);
  }

  /** `work`, or a rejection with `failure(timeout)` once the deadline passes: for work that does not follow the signal. */
  race<T>(work: Promise<T>, failure: (reason: unknown) => unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      this.#lose = (reason) => reject(failure(reason));
      work.then(resolve, reject);
    });
  }

  #stop(reason: unknown): void {
    this.#reason ??= reason;
    this.#controller?.abort(reason);
    this.#lose?.(reason);
    this.#onStop?.(this.#reason);
  }
}
