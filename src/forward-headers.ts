import { QStashGuardError } from "./guard-error.ts";

/**
 * QStash reads whole header families by prefix (`Upstash-Forward-`, `Upstash-Callback-`,
 * `Upstash-Failure-Callback-`, …; the spec lists them per operation in
 * `x-qstash-header-families`). A call passes each family as a map,
 * `headerFamilies: { "Upstash-Forward-": { "X-Trace": "1" } }`, which becomes the real header
 * `Upstash-Forward-X-Trace: 1`. A literal `*` header is never sent, and a family the
 * operation does not document is refused.
 */
export function expandHeaderFamilies(
  families: Record<string, Record<string, string> | undefined>,
  documented: readonly string[] | undefined,
  route: string,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [prefix, map] of Object.entries(families)) {
    if (!documented?.includes(prefix))
      throw new QStashGuardError(
        `${route} documents no header family "${prefix}"; it takes: ${documented?.join(", ") || "none"}`,
      );
    for (const [name, value] of Object.entries(map ?? {})) {
      if (!/^[!#$%&'+.^`|~\w-]+$/.test(name))
        throw new QStashGuardError(`${route}: "${name}" in ${prefix} is not a header name`);
      headers[prefix + name] = value;
    }
  }
  return headers;
}
