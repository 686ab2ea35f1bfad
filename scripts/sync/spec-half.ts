import { METHODS } from "../diff/operations.ts";
import type { OpenApiDocument } from "../spec/build.ts";
import { SpecError } from "../spec/spec-error.ts";
import { componentAt, reachableComponents, splitKey } from "./components.ts";
import type { SourcePart } from "./merge-sources.ts";
import { SOURCE_KEY, type SourceName } from "./sources.ts";
import { stripProse } from "./strip-prose.ts";

/**
 * What a one-file sync keeps of our spec: the operations that came from the other published file
 * (their `x-qstash-source`), the components they reach and the description-wide facts, prose
 * removed like a published file's. Merged with the new file by the same rules as two files, it
 * gives the spec a two-file sync would give when the other file has not changed.
 */
export function specHalf(spec: OpenApiDocument, name: SourceName, label: string): SourcePart {
  const unattributed = operationsOf(spec).filter(({ operation }) => typeof operation[SOURCE_KEY] !== "string");
  if (unattributed.length > 0) {
    const listed = unattributed
      .slice(0, 3)
      .map(({ key }) => key)
      .join(", ");
    throw new SpecError(
      label,
      "",
      `does not say which published file ${unattributed.length} operation(s) came from (${listed}${unattributed.length > 3 ? ", …" : ""})`,
      `sync both published files together once (npm run sync -- <qstash> <workflow>), or add ${SOURCE_KEY} to those operations`,
    );
  }
  const paths: Record<string, any> = {};
  const kept: unknown[] = [];
  for (const { path, method, operation } of operationsOf(spec)) {
    if (operation[SOURCE_KEY] !== name) continue;
    (paths[path] ??= {})[method] = structuredClone(operation);
    kept.push(operation);
  }
  const components: Record<string, any> = {};
  for (const key of reachableComponents(spec, kept)) {
    const [section, entry] = splitKey(key);
    (components[section] ??= {})[entry] = structuredClone(componentAt(spec, key));
  }
  if (spec.components?.securitySchemes) components.securitySchemes = structuredClone(spec.components.securitySchemes);
  const { paths: _paths, components: _components, ...wide } = spec;
  return { name, label, document: stripProse({ ...structuredClone(wide), paths, components }) };
}

function operationsOf(spec: OpenApiDocument): { key: string; path: string; method: string; operation: any }[] {
  return Object.entries<any>(spec.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item?.[method]).map((method) => ({
      key: `${method.toUpperCase()} ${path}`,
      path,
      method,
      operation: item[method],
    })),
  );
}
