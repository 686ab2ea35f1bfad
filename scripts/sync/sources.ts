import { SpecError } from "../spec/spec-error.ts";

/**
 * The published descriptions our one spec covers, in the order their facts win: where both files
 * publish the same operation or component, the QStash file's copy is the one kept.
 */
export const PUBLISHED_FILES = { qstash: "qstash/openapi.yaml", workflow: "workflow/openapi.yaml" } as const;
export type SourceName = keyof typeof PUBLISHED_FILES;
export const SOURCE_NAMES = Object.keys(PUBLISHED_FILES) as SourceName[];

/** Which published file an operation of our spec came from: `x-qstash-source: qstash | workflow`. */
export const SOURCE_KEY = "x-qstash-source";

export interface SourceArgument {
  name: SourceName;
  /** A path or an http(s) address. */
  location: string;
}

/**
 * `<qstash> [<workflow>]`: the first argument is the QStash file, the second the Workflow file.
 * Either may be named instead (`workflow=<file>`), so that one file can be synced on its own.
 */
export function sourceArguments(args: string[]): SourceArgument[] {
  const named = args.map((arg, index) => {
    const match = /^(qstash|workflow)=(.+)$/.exec(arg);
    return match ? { name: match[1] as SourceName, location: match[2] } : { name: SOURCE_NAMES[index], location: arg };
  });
  const fix = "pass `<qstash description> [<workflow description>]`, or one file as `workflow=<file>`";
  if (named.length === 0 || named.length > SOURCE_NAMES.length || named.some((s) => !s.name)) {
    throw new SpecError("sync", "", `takes one or two published descriptions, got ${args.length}`, fix);
  }
  const names = named.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new SpecError("sync", "", `${names[0]} description given twice`, fix);
  return named.sort((a, b) => SOURCE_NAMES.indexOf(a.name) - SOURCE_NAMES.indexOf(b.name));
}
