import type { ChangeReport, Change } from "./change.ts";
import { compareOperations } from "./compare-operations.ts";
import { compareSecuritySchemes, compareServers } from "./compare-servers.ts";
import type { OpenApiDocument } from "./load-description.ts";

/** Every change between two descriptions that a caller of the typed client can feel. */
export function compareDescriptions(
  oldDoc: OpenApiDocument,
  newDoc: OpenApiDocument,
  names = { old: "old", new: "new" },
): ChangeReport {
  const changes: Change[] = [];
  compareServers(oldDoc, newDoc, changes);
  compareSecuritySchemes(oldDoc, newDoc, changes);
  compareOperations(oldDoc, newDoc, changes);
  return {
    old: names.old,
    new: names.new,
    summary: {
      changes: changes.length,
      breaking: changes.filter((change) => change.breaking).length,
      warnings: changes.filter((change) => change.warning).length,
      operationsAdded: changes.filter((change) => change.kind === "operation-added").length,
      operationsRemoved: changes.filter((change) => change.kind === "operation-removed").length,
    },
    changes,
  };
}
