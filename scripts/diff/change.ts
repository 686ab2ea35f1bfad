import { ruleFor, type ChangeKind, type Direction, type Effect } from "./change-kinds.ts";

/** One difference between two descriptions, as a caller of the typed client feels it. */
export interface Change {
  kind: ChangeKind;
  /** `METHOD /path` of the operation, or `*` for description-wide facts (servers). */
  operation: string;
  direction: Direction;
  /** Where, in a caller's words: `query parameter url`, `response 200 body messages[].label`. */
  location: string;
  /** What changed, e.g. `string → string[]`, `maximum 1000 → 100`. */
  detail: string;
  /** A caller written against the old types stops compiling (effect `compile`). */
  breaking: boolean;
  /** It still compiles but may fail at run time (effect `runtime`). */
  warning: boolean;
  effect: Effect;
  why: string;
}

export function makeChange(
  kind: ChangeKind,
  direction: Direction,
  operation: string,
  location: string,
  detail: string,
): Change {
  const rule = ruleFor(kind, direction);
  const { effect, why } = rule;
  return {
    kind,
    operation,
    direction,
    location,
    detail,
    breaking: effect === "compile",
    warning: effect === "runtime",
    effect,
    why,
  };
}

export interface ChangeReport {
  old: string;
  new: string;
  summary: { changes: number; breaking: number; warnings: number; operationsAdded: number; operationsRemoved: number };
  changes: Change[];
}
