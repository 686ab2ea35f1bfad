import { isDeepStrictEqual } from "node:util";
import { SpecError } from "../spec/spec-error.ts";
import type { LoadedDescription, OpenApiDocument } from "../diff/load-description.ts";
import { METHODS } from "../diff/operations.ts";

/**
 * Our spec covers more than one published description (QStash and Workflow). Folds them into
 * one: paths are joined (the same method and path in two sources is an error), components of the
 * same name must agree, except that a later source's conflicting component that none of its
 * operations uses is dropped (the first source's wins). Servers, security and tags come from the
 * first source, then whatever later ones add.
 */
export function mergeSources(sources: LoadedDescription[]): OpenApiDocument {
  const [first, ...rest] = sources;
  const merged = structuredClone(first.document);
  for (const source of rest) {
    const doc = source.document;
    for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
      const target = (merged.paths[path] ??= {});
      for (const [key, value] of Object.entries<any>(item)) {
        if (key in target && (METHODS as readonly string[]).includes(key)) {
          throw new SpecError(source.name, "", `${key.toUpperCase()} ${path} is also in ${first.name}`, "pass each operation in one description only");
        }
        if (!(key in target)) target[key] = structuredClone(value);
      }
    }
    const usedRefs = JSON.stringify({ paths: doc.paths, components: doc.components });
    for (const [section, entries] of Object.entries<any>(doc.components ?? {})) {
      const into = ((merged.components ??= {})[section] ??= {});
      for (const [name, value] of Object.entries<any>(entries)) {
        if (!(name in into)) into[name] = structuredClone(value);
        else if (!isDeepStrictEqual(into[name], value) && usedRefs.includes(`#/components/${section}/${name}"`)) {
          throw new SpecError(source.name, "", `components.${section}.${name} differs from the one in ${first.name}, and this description uses it`, "sync the descriptions separately, or make the two definitions agree");
        }
      }
    }
    for (const server of doc.servers ?? []) if (!(merged.servers ??= []).some((s: any) => s.url === server.url)) merged.servers.push(structuredClone(server));
    for (const tag of doc.tags ?? []) if (!(merged.tags ??= []).some((t: any) => t.name === tag.name)) merged.tags.push(structuredClone(tag));
  }
  return merged;
}
