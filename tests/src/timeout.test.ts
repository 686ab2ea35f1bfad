import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { Deadline } from "../../src/timeout.ts";

// The clock is vitest's fake one: a deadline's moment is checked to the millisecond, and a timer
// left behind is counted rather than waited for.
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** A promise's state, without waiting for it. */
function watch(promise: Promise<unknown>) {
  const state = { settled: false, value: undefined as unknown, error: undefined as unknown };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

describe("the timer", () => {
  test("stops the deadline at exactly ms, with a TimeoutError as the reason", () => {
    const deadline = new Deadline(50);
    const signal = deadline.signal;
    vi.advanceTimersByTime(49);
    expect([signal.aborted, deadline.timedOut(), deadline.stopped()]).toEqual([false, false, undefined]);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect(deadline.timedOut()).toBe(true);
    const reason = deadline.stopped() as DOMException;
    expect(signal.reason).toBe(reason);
    expect(reason).toBeInstanceOf(DOMException);
    expect([reason.name, reason.message]).toEqual(["TimeoutError", "no answer within 50 ms"]);
  });

  test("Infinity sets no timer, and never stops", () => {
    const deadline = new Deadline(Infinity);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(2 ** 31);
    expect([deadline.signal.aborted, deadline.timedOut(), deadline.stopped()]).toEqual([false, false, undefined]);
  });

  test("clear() removes the timer: the deadline no longer stops", () => {
    const deadline = new Deadline(50);
    expect(vi.getTimerCount()).toBe(1);
    deadline.clear();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100);
    expect([deadline.signal.aborted, deadline.timedOut(), deadline.stopped()]).toEqual([false, false, undefined]);
  });
});

describe("the caller's signal", () => {
  test("its abort stops the deadline with the caller's reason, not as a timeout", () => {
    const outer = new AbortController();
    const deadline = new Deadline(1000, outer.signal);
    const reason = new Error("caller gave up");
    outer.abort(reason);
    expect(deadline.signal.reason).toBe(reason);
    expect(deadline.stopped()).toBe(reason);
    expect(deadline.timedOut()).toBe(false);
    // Fired once, the listener is gone with it.
    expect(getEventListeners(outer.signal, "abort")).toHaveLength(0);
  });

  test("one already aborted stops the deadline at once", () => {
    const reason = new Error("before the call");
    const deadline = new Deadline(1000, AbortSignal.abort(reason));
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.stopped()).toBe(reason);
  });

  test("the first reason stays: a timeout after the caller's abort does not replace it", () => {
    const outer = new AbortController();
    const deadline = new Deadline(50, outer.signal);
    const reason = new Error("first");
    outer.abort(reason);
    vi.advanceTimersByTime(50);
    expect(deadline.stopped()).toBe(reason);
    expect(deadline.signal.reason).toBe(reason);
  });

  test("clear() stops listening to it", () => {
    const outer = new AbortController();
    const deadline = new Deadline(Infinity, outer.signal);
    expect(getEventListeners(outer.signal, "abort")).toHaveLength(1);
    deadline.clear();
    expect(getEventListeners(outer.signal, "abort")).toHaveLength(0);
    outer.abort(new Error("late"));
    expect(deadline.stopped()).toBeUndefined();
  });
});

describe("lazy", () => {
  /** Counts the AbortControllers made while `run` runs. */
  function controllersMade(run: () => void): number {
    let made = 0;
    vi.stubGlobal(
      "AbortController",
      class extends AbortController {
        constructor() {
          super();
          made++;
        }
      },
    );
    run();
    vi.unstubAllGlobals();
    return made;
  }

  test("makes no AbortController until the signal is asked for; an eager deadline makes one at once", () => {
    expect(controllersMade(() => new Deadline(50, undefined, true))).toBe(0);
    expect(controllersMade(() => new Deadline(50))).toBe(1);
    expect(controllersMade(() => new Deadline(50, undefined, true).signal)).toBe(1);
    const eager = new Deadline(50);
    expect(controllersMade(() => eager.signal)).toBe(0);
  });

  test("a signal asked for after the deadline passed is already aborted with its reason", () => {
    const deadline = new Deadline(50, undefined, true);
    vi.advanceTimersByTime(50);
    expect(deadline.timedOut()).toBe(true);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(deadline.stopped());
  });

  test("a signal asked for before the deadline passes aborts when it does", () => {
    const deadline = new Deadline(50, undefined, true);
    const signal = deadline.signal;
    expect(signal.aborted).toBe(false);
    expect(deadline.signal).toBe(signal);
    vi.advanceTimersByTime(50);
    expect(signal.aborted).toBe(true);
  });
});

describe("race", () => {
  const failure = (reason: unknown) => ({ failed: reason });

  test("resolves with the work's value when the work ends first", async () => {
    const deadline = new Deadline(50, undefined, true);
    await expect(deadline.race(Promise.resolve("done"), failure)).resolves.toBe("done");
  });

  test("rejects with the work's own error when the work fails first", async () => {
    const deadline = new Deadline(50, undefined, true);
    const error = new Error("work failed");
    await expect(deadline.race(Promise.reject(error), failure)).rejects.toBe(error);
  });

  test("rejects with failure(reason) once the deadline passes, without waiting for the work", async () => {
    const deadline = new Deadline(50, undefined, true);
    const raced = watch(deadline.race(new Promise(() => {}), failure));
    await vi.advanceTimersByTimeAsync(49);
    expect(raced.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(raced.settled).toBe(true);
    expect(raced.error).toEqual({ failed: deadline.stopped() });
  });
});
