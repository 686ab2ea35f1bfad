import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Writes a set of files so that no reader ever sees a half-written one: every file goes to a
 * temporary sibling first, and only when all are written are they renamed into place.
 */
export function writeFilesAtomically(dir: string, files: Record<string, string>): void {
  const staged: [string, string][] = [];
  try {
    for (const [name, content] of Object.entries(files)) {
      const target = join(dir, name);
      const temp = join(dirname(target), `.${name.replace(/\//g, "_")}.${process.pid}.tmp`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(temp, content);
      staged.push([temp, target]);
    }
    for (const [temp, target] of staged) renameSync(temp, target);
  } catch (error) {
    for (const [temp] of staged) rmSync(temp, { force: true });
    throw error;
  }
}
