import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { stringify } from "yaml";
import { buildGenerated } from "../../scripts/spec/build.ts";
import { writeFilesAtomically } from "../../scripts/lib/write-atomic.ts";

/** A throw-away project root for sync to work on: spec/ and generated/ only. */
export interface SyncRoot {
  dir: string;
  /** Every file under spec/ and generated/, path → bytes. */
  snapshot(): Record<string, string>;
  read(path: string): string;
  write(path: string, text: string): string;
  remove(): void;
}

export function copyOfProject(): SyncRoot {
  const dir = mkdtempSync(join(tmpdir(), "qstash-sync-root-"));
  cpSync("spec", join(dir, "spec"), { recursive: true });
  cpSync("generated", join(dir, "generated"), { recursive: true });
  return rootAt(dir);
}

/** A root whose spec is `spec` (an object, written as YAML) with `overlay`, and generated/ built from them. */
export async function rootWith(spec: Record<string, unknown>, overlay: Record<string, unknown>): Promise<SyncRoot> {
  const dir = mkdtempSync(join(tmpdir(), "qstash-sync-root-"));
  mkdirSync(join(dir, "spec"));
  writeFileSync(join(dir, "spec/qstash.openapi.yaml"), `# Our spec for this test.\n${stringify(spec)}`);
  writeFileSync(join(dir, "spec/corrections.overlay.yaml"), stringify(overlay));
  const build = await buildGenerated({
    spec: join(dir, "spec/qstash.openapi.yaml"),
    overlay: join(dir, "spec/corrections.overlay.yaml"),
  });
  writeFilesAtomically(join(dir, "generated"), build.files);
  return rootAt(dir);
}

function rootAt(dir: string): SyncRoot {
  const walk = (at: string): string[] =>
    readdirSync(at).flatMap((name) =>
      statSync(join(at, name)).isDirectory() ? walk(join(at, name)) : [join(at, name)],
    );
  return {
    dir,
    snapshot: () =>
      Object.fromEntries(
        ["spec", "generated"]
          .flatMap((sub) => walk(join(dir, sub)))
          .map((file) => [relative(dir, file), readFileSync(file, "utf8")]),
      ),
    read: (path) => readFileSync(join(dir, path), "utf8"),
    write: (path, text) => {
      writeFileSync(join(dir, path), text);
      return join(dir, path);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
