import { loadYaml, displayPath } from "../spec/load-yaml.ts";
import { checkOpenApi31 } from "../spec/check-openapi.ts";
import { resolvePointer } from "../spec/pointer.ts";
import { isAbsolute, resolve } from "node:path";
import { isUrl, readUrl, shownUrl } from "../spec/read-source.ts";

export type OpenApiDocument = Record<string, any>;

export interface LoadedDescription {
  /** The path or address it came from, as shown in reports. */
  name: string;
  document: OpenApiDocument;
  /** The raw text, for callers that keep a copy. */
  text: string;
}

export { isUrl };

/**
 * Reads an OpenAPI 3.1 description from a file or an http(s) address, in YAML or JSON (JSON is
 * YAML), and checks that it is one: a bad input fails with a SpecError naming the file, the
 * place and the fix.
 */
export async function loadDescription(source: string, fetchImpl: typeof fetch = fetch): Promise<LoadedDescription> {
  const name = isUrl(source) ? shownUrl(source) : displayPath(isAbsolute(source) ? source : resolve(source));
  // Within the input limits (size, time, UTF-8), credentials in an address never shown.
  const text = isUrl(source) ? await readUrl(source, fetchImpl) : undefined;
  const parsed = text === undefined ? loadYaml(source) : loadYaml(name, text);
  checkOpenApi31(parsed);
  const document = parsed.value as OpenApiDocument;
  return { name, document, text: text ?? "" };
}

/** Follows `$ref` chains to the object they name (siblings of a 3.1 $ref are kept, over the target). */
export function deref<T = any>(document: OpenApiDocument, node: T, seen = new Set<string>()): T {
  const ref = (node as any)?.$ref;
  if (typeof ref !== "string" || seen.has(ref)) return node;
  seen.add(ref);
  const { $ref: _ref, ...siblings } = node as any;
  const target = deref(document, resolvePointer(document, ref.replace(/^#/, "")) as T, seen);
  return Object.keys(siblings).length > 0 ? ({ ...(target as any), ...siblings } as T) : target;
}
