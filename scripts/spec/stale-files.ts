import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Which files of `dir` differ from what the spec produces now, and which it does not produce at all. */
export function staleFiles(dir: string, files: Record<string, string>): { stale: string[]; extra: string[] } {
  const stale = Object.entries(files)
    .filter(([name, content]) => !existsSync(join(dir, name)) || readFileSync(join(dir, name), "utf8") !== content)
    .map(([name]) => name);
  const extra = existsSync(dir) ? readdirSync(dir).filter((name) => !(name in files)) : [];
  return { stale, extra };
}
