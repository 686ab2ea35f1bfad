/** Methods that only read. */
const READ_METHODS = new Set(["get", "head", "options"]);

/**
 * Does calling this operation change state on the server? Anything but a read method, any bulk
 * operation, and any operation we annotate with `x-qstash-changes-state: true` (a read that
 * acts, e.g. one that consumes what it returns). A read-only live run skips these.
 */
export function changesState(method: string, operation: Record<string, unknown> | undefined): boolean {
  if (!READ_METHODS.has(method.toLowerCase())) return true;
  return operation?.["x-qstash-changes-state"] === true || operation?.["x-qstash-bulk"] !== undefined;
}
