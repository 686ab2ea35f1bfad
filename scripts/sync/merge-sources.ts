import { isDeepStrictEqual } from "node:util";
import { compareDescriptions } from "../diff/compare-descriptions.ts";
import { METHODS } from "../diff/operations.ts";
import type { OpenApiDocument } from "../spec/build.ts";
import { SpecError } from "../spec/spec-error.ts";
import {
  componentAt,
  factsOf,
  reachableComponents,
  renameReferences,
  splitKey,
  type ComponentKey,
} from "./components.ts";
import { SOURCE_KEY, SOURCE_NAMES, type SourceName } from "./sources.ts";

/** One published description (or the half of our spec a one-file sync keeps), its prose already gone. */
export interface SourcePart {
  name: SourceName;
  /** Where it came from, as reports show it. */
  label: string;
  document: OpenApiDocument;
}

/** A choice the merge made that a maintainer should see; every one is listed in the change report. */
export interface MergeDecision {
  rule:
    | "same-in-both"
    | "differs-qstash-kept"
    | "component-renamed"
    | "component-left-out"
    | "component-unused"
    | "template-folded"
    | "parameter-deduplicated"
    | "kept-from-spec";
  /** `GET /v2/flowControl` or `components.schemas.FlowControlKey`. */
  subject: string;
  detail: string;
}

/**
 * Folds the published descriptions into one. The rules, in order:
 *
 * 1. Operations are matched by method and path template (parameter names aside). Each keeps the
 *    name of the file it came from in `x-qstash-source`.
 * 2. An operation both files publish is taken from the QStash file. When the Workflow file's copy
 *    states the same facts (references followed, prose aside) it is merged once; when it differs,
 *    the decision lists every difference, as the change report words them.
 * 3. Components are taken per file, only those that the operations taken from it reach. Same name
 *    and same facts: one copy. Same name, different facts: QStash's keeps the name; the Workflow
 *    one is renamed `Workflow<Name>` and the Workflow operations point at the new name. A Workflow
 *    component only the operations QStash won use is left out, and said so.
 * 4. Components no operation reaches are left out, and said so.
 * 5. Description-wide facts (openapi, info, servers, security, tags) are QStash's, then whatever
 *    the Workflow file adds; a security scheme both define differently is an error.
 */
export function mergeSources(parts: SourcePart[]): { document: OpenApiDocument; decisions: MergeDecision[] } {
  const ordered = [...parts].sort((a, b) => SOURCE_NAMES.indexOf(a.name) - SOURCE_NAMES.indexOf(b.name));
  const decisions: MergeDecision[] = [];
  const [first] = ordered;
  const merged: OpenApiDocument = { ...structuredClone(first.document), paths: {}, components: {} };
  const taken = new Map<string, { part: SourcePart; path: string; method: string }>();
  for (const part of ordered) {
    const kept = takeOperations(part, merged, taken, decisions);
    addComponents(part, kept, merged, decisions);
    if (part !== first) addDescriptionWide(part, merged);
  }
  leaveOutUnused(merged, ordered, decisions);
  if (Object.keys(merged.components).length === 0) delete merged.components;
  return { document: merged, decisions };
}

/** Rules 1 and 2: copies this part's operations that no earlier part has; returns the ones it took. */
function takeOperations(
  part: SourcePart,
  merged: OpenApiDocument,
  taken: Map<string, any>,
  decisions: MergeDecision[],
): unknown[] {
  const kept: unknown[] = [];
  for (const [path, item] of Object.entries<any>(part.document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const shape = `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, "{}")}`;
      const earlier = taken.get(shape);
      if (earlier) {
        decisions.push(compareCopies(earlier, { part, path, method }));
        continue;
      }
      taken.set(shape, { part, path, method });
      const copy = { ...structuredClone(operation), [SOURCE_KEY]: part.name };
      copy.parameters = pathLevelFolded(item.parameters, copy.parameters);
      if (copy.parameters === undefined) delete copy.parameters;
      (merged.paths[path] ??= {})[method] = copy;
      kept.push(copy);
    }
  }
  return kept;
}

/** Path-level parameters are moved into each operation (an operation's own one of the same name and place wins). */
function pathLevelFolded(pathLevel: any[] | undefined, own: any[] | undefined): any[] | undefined {
  if (!pathLevel?.length) return own;
  const key = (p: any) => (p.$ref ? p.$ref : `${p.in}:${p.name}`);
  const ownKeys = new Set((own ?? []).map(key));
  return [...structuredClone(pathLevel).filter((p: any) => !ownKeys.has(key(p))), ...(own ?? [])];
}

function compareCopies(
  kept: { part: SourcePart; path: string; method: string },
  other: { part: SourcePart; path: string; method: string },
): MergeDecision {
  const subject = `${other.method.toUpperCase()} ${other.path}`;
  const keptOp = kept.part.document.paths[kept.path][kept.method];
  const otherOp = other.part.document.paths[other.path][other.method];
  const keptFacts = factsOf(kept.part.document, { path: kept.path.replace(/\{[^}]*\}/g, "{}"), op: keptOp });
  const otherFacts = factsOf(other.part.document, { path: other.path.replace(/\{[^}]*\}/g, "{}"), op: otherOp });
  if (isDeepStrictEqual(keptFacts, otherFacts)) {
    return {
      rule: "same-in-both",
      subject,
      detail: `published in both files with the same facts: taken once, from the ${kept.part.name} file`,
    };
  }
  const single = (part: SourcePart, path: string, method: string) => ({
    ...part.document,
    paths: { [path]: { [method]: part.document.paths[path][method] } },
  });
  const changes = compareDescriptions(
    single(kept.part, kept.path, kept.method),
    single(other.part, other.path, other.method),
  ).changes;
  const listed = changes.map((c) => `${c.location}: ${c.kind} ${c.detail}`);
  const what = listed.length
    ? listed.join("; ")
    : "wording-free facts differ that callers do not feel (e.g. an example or a format)";
  return {
    rule: "differs-qstash-kept",
    subject,
    detail: `the ${other.part.name} file's copy differs; the ${kept.part.name} file's is kept. The ${other.part.name} file says: ${what}`,
  };
}

/** Rule 3: the components the taken operations reach, renamed where an earlier part's differ. */
function addComponents(part: SourcePart, kept: unknown[], merged: OpenApiDocument, decisions: MergeDecision[]): void {
  const doc = part.document;
  const reached = reachableComponents(doc, kept);
  const renamed = new Map<ComponentKey, ComponentKey>();
  for (const key of reached) {
    const existing = componentAt(merged, key);
    if (existing === undefined || sameFacts(merged, existing, doc, componentAt(doc, key))) continue;
    const [section, name] = splitKey(key);
    const prefix = part.name[0].toUpperCase() + part.name.slice(1);
    let to = `${section}/${prefix}${name}`;
    for (let n = 2; componentAt(merged, to) !== undefined || componentAt(doc, to) !== undefined; n++)
      to = `${section}/${prefix}${name}${n}`;
    renamed.set(key, to);
    decisions.push({
      rule: "component-renamed",
      subject: `components.${section}.${name}`,
      detail: `the ${part.name} file's ${name} differs from the one already taken and its operations use it: kept as ${splitKey(to)[1]}`,
    });
  }
  for (const key of Object.keys(doc.components ?? {}).flatMap((section) =>
    Object.keys(doc.components[section] ?? {}).map((name) => `${section}/${name}`),
  )) {
    if (reached.has(key) || sectionOf(key) === "securitySchemes") continue;
    const existing = componentAt(merged, key);
    if (existing !== undefined && !sameFacts(merged, existing, doc, componentAt(doc, key))) {
      decisions.push({
        rule: "component-left-out",
        subject: `components.${key.replace("/", ".")}`,
        detail: `the ${part.name} file's copy differs from the one already taken, and only operations taken from another file use it: left out`,
      });
    }
  }
  renameReferences(kept, renamed);
  for (const key of reached) {
    const to = renamed.get(key) ?? key;
    if (componentAt(merged, to) !== undefined) continue;
    const value = structuredClone(componentAt(doc, key));
    renameReferences(value, renamed);
    const [section, name] = splitKey(to);
    ((merged.components ??= {})[section] ??= {})[name] = value;
  }
  for (const [name, scheme] of Object.entries<any>(doc.components?.securitySchemes ?? {})) {
    const schemes = ((merged.components ??= {}).securitySchemes ??= {});
    if (!(name in schemes)) schemes[name] = structuredClone(scheme);
    else if (!isDeepStrictEqual(factsOf(merged, schemes[name]), factsOf(doc, scheme))) {
      throw new SpecError(
        part.label,
        "",
        `security scheme ${name} differs from the one in the other published file`,
        "make the two agree in a correction, or report it upstream",
      );
    }
  }
}

const sectionOf = (key: ComponentKey) => splitKey(key)[0];

function sameFacts(docA: OpenApiDocument, a: unknown, docB: OpenApiDocument, b: unknown): boolean {
  return isDeepStrictEqual(factsOf(docA, a), factsOf(docB, b));
}

/** Rule 5, for every file after the first. */
function addDescriptionWide(part: SourcePart, merged: OpenApiDocument): void {
  const doc = part.document;
  for (const server of doc.servers ?? [])
    if (!(merged.servers ??= []).some((s: any) => s.url === server.url)) merged.servers.push(structuredClone(server));
  for (const tag of doc.tags ?? [])
    if (!(merged.tags ??= []).some((t: any) => t.name === tag.name)) merged.tags.push(structuredClone(tag));
  for (const requirement of doc.security ?? []) {
    if (!(merged.security ??= []).some((have: unknown) => isDeepStrictEqual(have, requirement)))
      merged.security.push(structuredClone(requirement));
  }
}

/** Rule 4: what no operation reaches goes, named (security schemes stay: requirements name them, not references). */
function leaveOutUnused(merged: OpenApiDocument, parts: SourcePart[], decisions: MergeDecision[]): void {
  const operations = Object.values<any>(merged.paths).flatMap((item) => METHODS.map((m) => item[m]).filter(Boolean));
  const reached = reachableComponents(merged, operations);
  for (const part of parts) {
    for (const [sectionName, entries] of Object.entries<any>(part.document.components ?? {})) {
      if (sectionName === "securitySchemes") continue;
      for (const name of Object.keys(entries ?? {})) {
        if (componentAt(merged, `${sectionName}/${name}`) !== undefined || reached.has(`${sectionName}/${name}`))
          continue;
        if (decisions.some((d) => d.subject === `components.${sectionName}.${name}`)) continue;
        decisions.push({
          rule: "component-unused",
          subject: `components.${sectionName}.${name}`,
          detail: `published in the ${part.name} file but used by no operation: left out`,
        });
      }
    }
  }
}
