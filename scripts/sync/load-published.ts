import { isAbsolute, resolve } from "node:path";
import type { OpenApiDocument } from "../spec/build.ts";
import { checkOpenApi31 } from "../spec/check-openapi.ts";
import { displayPath, loadYaml } from "../spec/load-yaml.ts";
import { isUrl, readTextFile, readUrl, shownUrl } from "../spec/read-source.ts";
import type { SourceArgument, SourceName } from "./sources.ts";

export interface PublishedFile {
  name: SourceName;
  /** The path or address as reports and errors show it (credentials never). */
  label: string;
  document: OpenApiDocument;
}

/** Reads one published description within the input limits (spec/read-source.ts) and checks that it is OpenAPI 3.1. */
export async function loadPublished(source: SourceArgument, fetchImpl?: typeof fetch): Promise<PublishedFile> {
  const { location } = source;
  const label = isUrl(location) ? shownUrl(location) : displayPath(isAbsolute(location) ? location : resolve(location));
  const text = isUrl(location) ? await readUrl(location, fetchImpl) : readTextFile(location, label);
  const parsed = loadYaml(label, text);
  checkOpenApi31(parsed);
  return { name: source.name, label, document: parsed.value as OpenApiDocument };
}
