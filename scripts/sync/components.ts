import type { OpenApiDocument } from "../spec/build.ts";
import { resolvePointer } from "../spec/pointer.ts";
import { isOurAnnotation } from "./strip-prose.ts";

/**
 * What the merge needs to know about `#/components/...`: which components a part of a description
 * reaches, what a node means once its references are followed, and how to point references at a
 * renamed component.
 */

/** `schemas/DLQMessage`: a component's section and name, as in its `#/components/` reference. */
export type ComponentKey = string;

const PREFIX = "#/components/";

/** Every `#/components/…` reference inside a node, as component keys. */
export function referencedComponents(node: unknown, into = new Set<ComponentKey>()): Set<ComponentKey> {
  walk(node, (value) => {
    if (typeof value.$ref === "string" && value.$ref.startsWith(PREFIX)) into.add(componentOf(value.$ref));
  });
  return into;
}

/** The components reachable from the roots, following references through components too. */
export function reachableComponents(document: OpenApiDocument, roots: unknown[]): Set<ComponentKey> {
  const seen = new Set<ComponentKey>();
  const queue = [...referencedComponents(roots)];
  while (queue.length > 0) {
    const key = queue.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const next of referencedComponents(componentAt(document, key))) if (!seen.has(next)) queue.push(next);
  }
  return seen;
}

export function componentAt(document: OpenApiDocument, key: ComponentKey): unknown {
  const [section, name] = splitKey(key);
  return document.components?.[section]?.[name];
}

export function splitKey(key: ComponentKey): [string, string] {
  const slash = key.indexOf("/");
  return [key.slice(0, slash), key.slice(slash + 1)];
}

/**
 * A node's facts: references followed inside its own description (a cycle stays a reference), our
 * `x-qstash-*` annotations and empty prose slots left out. Two nodes mean the same when these are equal.
 */
export function factsOf(document: OpenApiDocument, node: unknown, trail: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => factsOf(document, item, trail));
  if (typeof node !== "object" || node === null) return node;
  const record = node as Record<string, unknown>;
  if (typeof record.$ref === "string" && record.$ref.startsWith("#/") && !trail.includes(record.$ref)) {
    const { $ref, ...siblings } = record;
    const target = factsOf(document, resolvePointer(document, $ref.slice(1)), [...trail, $ref]);
    return Object.keys(siblings).length
      ? { ...(target as object), ...(factsOf(document, siblings, trail) as object) }
      : target;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined || isOurAnnotation(key)) continue;
    out[key] = factsOf(document, value, trail);
  }
  return out;
}

/** Points every reference to a renamed component (`schemas/A` → `schemas/B`) at its new name, in place. */
export function renameReferences(node: unknown, renamed: Map<ComponentKey, ComponentKey>): void {
  walk(node, (value) => {
    if (typeof value.$ref !== "string" || !value.$ref.startsWith(PREFIX)) return;
    const key = componentOf(value.$ref);
    const rest = value.$ref.slice(PREFIX.length + key.length);
    const to = renamed.get(key);
    if (to) value.$ref = `${PREFIX}${to}${rest}`;
  });
}

/** `#/components/schemas/A/properties/b` → `schemas/A`. */
function componentOf(ref: string): ComponentKey {
  return ref.slice(PREFIX.length).split("/").slice(0, 2).join("/");
}

function walk(node: unknown, visit: (value: Record<string, any>) => void, depth = 0): void {
  if (depth > 200 || typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit, depth + 1);
    return;
  }
  visit(node as Record<string, any>);
  for (const value of Object.values(node)) walk(value, visit, depth + 1);
}
