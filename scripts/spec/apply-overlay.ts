import { JSONPath } from "jsonpath-plus";
import { isDeepStrictEqual } from "node:util";
import { SpecError } from "./spec-error.ts";
import type { YamlSource } from "./load-yaml.ts";

/**
 * Applies an OpenAPI Overlay 1.0 document (https://spec.openapis.org/overlay/v1.0.0) to a
 * description, in place. Unlike the specification's lenient reading, a correction that no
 * longer applies is an error: a target that matches nothing, or an update that is already in
 * the description. Either means the upstream text moved and a person must look at the fix.
 * Every such correction is found in one pass and all are reported together (StaleCorrections).
 *
 * Targets are anchored to upstream facts: method, path, parameters by name and `in`
 * (`parameters[?(@.name == 'url' && @.in == 'query')]`), responses by status. A path written in
 * a target (`$.paths['/v2/enqueue/{queueName}/{destination}']`) matches the description's route
 * of the same template whatever its parameters are now called, so an upstream rename of a path
 * parameter does not break a correction.
 */
export function applyOverlay(description: Record<string, unknown>, overlay: YamlSource): string[] {
  const root = overlay.value as { overlay?: unknown; actions?: unknown };
  if (typeof root?.overlay !== "string" || !root.overlay.startsWith("1.")) {
    throw new SpecError(
      overlay.file,
      overlay.locate("/overlay"),
      "is not an OpenAPI Overlay 1.x document",
      "start the file with `overlay: 1.0.0`",
    );
  }
  if (!Array.isArray(root.actions)) {
    throw new SpecError(
      overlay.file,
      overlay.locate("/actions"),
      "has no `actions` list",
      "add `actions:` with one entry per correction",
    );
  }
  const applied: string[] = [];
  const stale: StaleCorrection[] = [];
  root.actions.forEach((action: OverlayAction, index) => {
    const where = overlay.locate(`/actions/${index}`);
    const reason = typeof action?.description === "string" ? action.description.trim() : "";
    const fail = (problem: string, fix: string) =>
      stale.push({ index, where, target: String(action?.target ?? ""), reason, problem, fix });
    if (typeof action?.target !== "string")
      return fail(
        `action ${index} has no JSONPath \`target\``,
        "give the action a `target` such as $.paths['/v2/dlq'].get",
      );
    if (!reason)
      return fail(
        `action ${index} (${action.target}) gives no reason`,
        "say in `description` why the published text is wrong",
      );
    if (action.remove !== true && action.update === undefined) {
      return fail(
        `action ${index} (${action.target}) has neither \`update\` nor \`remove: true\``,
        "add one of the two",
      );
    }
    const target = anchoredTarget(action.target, description);
    const matches = JSONPath({ path: target, json: description, resultType: "all", wrap: true }) as Match[];
    if (matches.length === 0) {
      return fail(
        `correction ${index} no longer applies: ${action.target} matches nothing in the description`,
        "check whether upstream moved or fixed this place; update the target or delete the action",
      );
    }
    if (action.remove !== true && matches.some((match) => containsUpdate(match.value, action.update))) {
      return fail(
        `correction ${index} no longer applies: ${action.target} already holds its update`,
        "upstream fixed it: delete the action",
      );
    }
    for (const match of [...matches].reverse()) {
      if (action.remove === true) removeMatch(match);
      else replaceMatch(match, merge(match.value, action.update));
    }
    applied.push(`${action.target}: ${reason}`);
  });
  if (stale.length > 0) throw new StaleCorrections(overlay.file, stale);
  return applied;
}

export interface StaleCorrection {
  /** Position of the action in `actions`. */
  index: number;
  /** `line:col` of the action in the overlay file. */
  where: string;
  target: string;
  /** Why the correction was made (its `description`). */
  reason: string;
  problem: string;
  fix: string;
}

/** Every correction that could not be applied, each with where it is, why it was made and the fix. */
export class StaleCorrections extends SpecError {
  constructor(
    file: string,
    readonly corrections: StaleCorrection[],
  ) {
    const [first] = corrections;
    const more = corrections.length > 1;
    super(
      file,
      first.where,
      more ? `${corrections.length} corrections no longer apply` : first.problem,
      more ? "mend or delete each action listed above" : first.fix,
    );
    if (more) {
      const items = corrections.map(
        (c) => `${file}:${c.where}: ${c.problem}\n    made because: ${oneLine(c.reason)}\n    fix: ${c.fix}`,
      );
      this.message = `${file}: ${corrections.length} corrections no longer apply:\n  ${items.join("\n  ")}\n  fix: mend or delete each action listed above`;
    }
  }
}

const oneLine = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim() || "(no reason given)";
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
};

/**
 * `$.paths['/a/{x}']…` names the route `/a/{}`: when the description has no path written exactly
 * so, but one route of that template, the target is read against that route.
 */
export function anchoredTarget(target: string, description: Record<string, unknown>): string {
  const paths = (description.paths ?? {}) as Record<string, unknown>;
  return target.replace(/^\$\.paths\[(['"])(.*?)\1\]/, (whole, quote: string, path: string) => {
    if (path in paths) return whole;
    const shape = path.replace(/\{[^}]*\}/g, "{}");
    const same = Object.keys(paths).filter((p) => p.replace(/\{[^}]*\}/g, "{}") === shape);
    return same.length === 1 ? `$.paths[${quote}${same[0]}${quote}]` : whole;
  });
}

interface OverlayAction {
  target?: unknown;
  description?: unknown;
  update?: unknown;
  remove?: unknown;
}

interface Match {
  value: unknown;
  parent: Record<string, unknown> | unknown[] | null;
  parentProperty: string | number | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Overlay merge: objects merge recursively, arrays append, anything else is replaced. */
function merge(target: unknown, update: unknown): unknown {
  if (Array.isArray(target)) return [...target, ...(Array.isArray(update) ? update : [update])];
  if (isObject(target) && isObject(update)) {
    const out: Record<string, unknown> = { ...target };
    for (const [key, value] of Object.entries(update))
      out[key] = key in target ? merge(target[key], value) : structuredClone(value);
    return out;
  }
  return structuredClone(update);
}

function containsUpdate(target: unknown, update: unknown): boolean {
  if (isObject(target) && isObject(update))
    return Object.entries(update).every(([key, value]) => key in target && containsUpdate(target[key], value));
  if (Array.isArray(target) && Array.isArray(update))
    return update.every((item) => target.some((have) => isDeepStrictEqual(have, item)));
  return isDeepStrictEqual(target, update);
}

function replaceMatch(match: Match, value: unknown): void {
  if (match.parent === null || match.parentProperty === null)
    throw new Error("an overlay cannot replace the document root");
  (match.parent as Record<string | number, unknown>)[match.parentProperty] = value;
}

function removeMatch(match: Match): void {
  if (Array.isArray(match.parent)) match.parent.splice(Number(match.parentProperty), 1);
  else if (match.parent) delete match.parent[match.parentProperty as string];
}
