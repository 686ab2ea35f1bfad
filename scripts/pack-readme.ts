/**
 * `npm pack` / `npm publish` put the client's README in the tarball. npm always packs the root
 * README.md, whatever `files` or .npmignore say, and the root README is the pipeline's; the client's
 * is client/README.md. So `prepack` (after the build) moves the project README aside and puts the
 * client's in its place, and `postpack` puts the project README back.
 *
 * Every step is a rename, so a pack killed half way leaves the project README either in place or in
 * .readme-pack/ (never half-written, never lost), and the next pack or build (`npm run build` calls
 * restoreProjectReadme first) puts it back.
 */
import { copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runCommand } from "./lib/cli.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Where the project README waits while the client's stands in for it; git-ignored, never packed. */
export const ASIDE = ".readme-pack";
export const CLIENT_README = "client/README.md";

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Puts the project README back if a pack moved it aside; true when it did. */
export async function restoreProjectReadme(root = ROOT): Promise<boolean> {
  const aside = join(root, ASIDE, "README.md");
  const moved = await exists(aside);
  if (moved) await rename(aside, join(root, "README.md"));
  await rm(join(root, ASIDE), { recursive: true, force: true });
  return moved;
}

/** Moves the project README aside and puts the client's in its place (restoring first, so a second call loses nothing). */
export async function putClientReadme(root = ROOT): Promise<void> {
  await restoreProjectReadme(root);
  const client = join(root, CLIENT_README);
  if (!(await exists(client))) throw new Error(`${CLIENT_README} is missing: the package needs its README`);
  await mkdir(join(root, ASIDE), { recursive: true });
  const staged = join(root, ASIDE, "client-README.md.partial");
  await copyFile(client, staged);
  await rename(join(root, "README.md"), join(root, ASIDE, "README.md"));
  await rename(staged, join(root, "README.md"));
}

const COMMAND = {
  usage: "usage: tsx scripts/pack-readme.ts put|restore",
  help: `put: move README.md aside to ${ASIDE}/ and put ${CLIENT_README} in its place (npm's prepack).
restore: put the project README back (npm's postpack; also the first thing every build does).`,
  positionals: { min: 1, max: 1 },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runCommand(COMMAND, async ({ positionals: [verb] }) => {
    if (verb === "put") return void (await putClientReadme());
    if (verb === "restore") return void (await restoreProjectReadme());
    process.stderr.write(`error: unknown step "${verb}"\n${COMMAND.usage}\n`);
    return 2;
  });
}
