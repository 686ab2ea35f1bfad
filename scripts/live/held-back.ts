import { AsyncLocalStorage } from "node:async_hooks";
import type { CaseResult } from "../contract/suite.ts";

/**
 * The live gate marks an answer it made up itself (it held the request back, or the upstream
 * could not be reached) with this header; its value says why. Such an answer says nothing about
 * the server, so the suites score the case "unverifiable" with that reason, never "contradicted".
 */
export const HELD_BACK_HEADER = "x-qstash-live-held-back";

const watched = new AsyncLocalStorage<Set<string>>();

/** The suites call this on every answer they read; outside a live run no answer carries the header. */
export function noteHeldBack(response: Response): void {
  const reason = response.headers.get(HELD_BACK_HEADER);
  if (reason) watched.getStore()?.add(reason);
}

/**
 * Runs one case. If any answer it read was held back by the live gate, the case did not observe the
 * server: it becomes "unverifiable" with the gate's reasons (ok, since nothing unexpected was seen).
 */
export async function withHeldBack<T extends CaseResult>(run: () => Promise<T>): Promise<T> {
  const reasons = new Set<string>();
  const result = await watched.run(reasons, run);
  if (reasons.size === 0) return result;
  const why = `reason: unverifiable live (${[...reasons].join("; ")})`;
  const evidence = [why, ...result.evidence];
  return { ...result, ok: true, verdict: "unverifiable", evidence, consequence: undefined, impact: undefined };
}
