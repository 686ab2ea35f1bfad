import { JSONPath } from "jsonpath-plus";
import { isDeepStrictEqual } from "node:util";
import { SpecError } from "./spec-error.ts";
import type { YamlSource } from "./load-yaml.ts";

/**
 * Applies an OpenAPI Overlay 1.0 document (https://spec.openapis.org/overlay/v1.0.0) to a
 * description, in place. Unlike the specification's lenient reading, a correction that no
 * longer applies is an error: a target that matches nothing, or an update that is already in
 * the description. Either means the upstream text moved and a person must look at the fix.
 */
export function applyOverlay(description: Record<string, unknown>, overlay: YamlSource): string[] {
  const root = overlay.value as { overlay?: unknown; actions?: unknown };
  if (typeof root?.overlay !== "string" || !root.overlay.startsWith("1.")) {
    throw new SpecError(overlay.file, overlay.locate("/overlay"), "is not an OpenAPI Overlay 1.x document", "start the file with `overlay: 1.0.0`");
  }
  if (!Array.isArray(root.actions)) {
    throw new SpecError(overlay.file, overlay.locate("/actions"), "has no `actions` list", "add `actions:` with one entry per correction");
  }
  const applied: string[] = [];
  root.actions.forEach((action: OverlayAction, index) => {
    const where = overlay.locate(`/actions/${index}`);
    if (typeof action?.target !== "string") {
      throw new SpecError(overlay.file, where, `action ${index} has no JSONPath \`target\``, "give the action a `target` such as $.paths['/v2/dlq'].get");
    }
    if (typeof action.description !== "string" || !action.description.trim()) {
      throw new SpecError(overlay.file, where, `action ${index} (${action.target}) gives no reason`, "say in `description` why the published text is wrong");
    }
    const matches = JSONPath({ path: action.target, json: description, resultType: "all", wrap: true }) as Match[];
    if (matches.length === 0) {
      throw new SpecError(overlay.file, where, `correction ${index} no longer applies: ${action.target} matches nothing in the description`, "check whether upstream moved or fixed this place; update the target or delete the action");
    }
    for (const match of [...matches].reverse()) {
      if (action.remove === true) {
        removeMatch(match);
      } else if (action.update !== undefined) {
        if (containsUpdate(match.value, action.update)) {
          throw new SpecError(overlay.file, where, `correction ${index} no longer applies: ${action.target} already holds its update`, "upstream fixed it: delete the action");
        }
        replaceMatch(match, merge(match.value, action.update));
      } else {
        throw new SpecError(overlay.file, where, `action ${index} (${action.target}) has neither \`update\` nor \`remove: true\``, "add one of the two");
      }
    }
    applied.push(`${action.target}: ${action.description.trim()}`);
  });
  return applied;
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
    for (const [key, value] of Object.entries(update)) out[key] = key in target ? merge(target[key], value) : structuredClone(value);
    return out;
  }
  return structuredClone(update);
}

function containsUpdate(target: unknown, update: unknown): boolean {
  if (isObject(target) && isObject(update)) return Object.entries(update).every(([key, value]) => key in target && containsUpdate(target[key], value));
  if (Array.isArray(target) && Array.isArray(update)) return update.every((item) => target.some((have) => isDeepStrictEqual(have, item)));
  return isDeepStrictEqual(target, update);
}

function replaceMatch(match: Match, value: unknown): void {
  if (match.parent === null || match.parentProperty === null) throw new Error("an overlay cannot replace the document root");
  (match.parent as Record<string | number, unknown>)[match.parentProperty] = value;
}

function removeMatch(match: Match): void {
  if (Array.isArray(match.parent)) match.parent.splice(Number(match.parentProperty), 1);
  else if (match.parent) delete match.parent[match.parentProperty as string];
}
