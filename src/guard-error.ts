/**
 * A call refused before a byte was sent (a bulk call with no scope, a path value the URL would
 * remove, an undocumented header family, a bad option). Extends TypeError, which is what these
 * refusals were before, so callers that catch TypeError keep working.
 */
export class QStashGuardError extends TypeError {
  override name = "QStashGuardError";
}
