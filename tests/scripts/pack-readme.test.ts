import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { ASIDE, CLIENT_README, putClientReadme, restoreProjectReadme } from "../../scripts/pack-readme.ts";

// npm always packs the root README.md; the package's README is the client's. prepack puts it in
// place, postpack and every build put the project's back, and nothing is lost when a pack stops half way.

const PROJECT = "# the pipeline's README\nnpm ci && npm run verify\n";
const CLIENT = "# the client's README\nnpm install qstash-contract-client\n";
let root: string;
const readme = () => readFile(join(root, "README.md"), "utf8");
const entries = () => readdir(root);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "pack-readme-"));
  await writeFile(join(root, "README.md"), PROJECT);
  await mkdir(join(root, "client"));
  await writeFile(join(root, CLIENT_README), CLIENT);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("prepack and postpack", () => {
  test("put: the client's README in place, the project's aside; restore: the project's back, nothing left over", async () => {
    await putClientReadme(root);
    expect(await readme()).toBe(CLIENT);
    expect(await readFile(join(root, ASIDE, "README.md"), "utf8")).toBe(PROJECT);
    expect(await restoreProjectReadme(root)).toBe(true);
    expect(await readme()).toBe(PROJECT);
    expect((await entries()).sort()).toEqual(["README.md", "client"]);
  });

  test("restore with nothing aside changes nothing", async () => {
    expect(await restoreProjectReadme(root)).toBe(false);
    expect(await readme()).toBe(PROJECT);
  });

  test("missing client README: put refuses and the project README stays", async () => {
    await rm(join(root, CLIENT_README));
    await expect(putClientReadme(root)).rejects.toThrow(`${CLIENT_README} is missing`);
    expect(await readme()).toBe(PROJECT);
  });
});

describe("a pack that stops half way loses nothing", () => {
  test("stopped after put (no postpack): the next restore, as every build runs it, puts the project README back", async () => {
    await putClientReadme(root);
    expect(await restoreProjectReadme(root)).toBe(true);
    expect(await readme()).toBe(PROJECT);
  });

  test("stopped between the two renames (no README.md at all): restore puts it back", async () => {
    await mkdir(join(root, ASIDE));
    await rename(join(root, "README.md"), join(root, ASIDE, "README.md"));
    expect(await restoreProjectReadme(root)).toBe(true);
    expect(await readme()).toBe(PROJECT);
  });

  test("a second put before any restore keeps the project README, not the client's copy", async () => {
    await putClientReadme(root);
    await putClientReadme(root);
    await restoreProjectReadme(root);
    expect(await readme()).toBe(PROJECT);
  });
});

test("npm runs them: prepack builds then puts, postpack restores, and the build restores first", async () => {
  expect(packageJson.scripts.prepack).toBe("npm run build && tsx scripts/pack-readme.ts put");
  expect(packageJson.scripts.postpack).toBe("tsx scripts/pack-readme.ts restore");
  const build = await readFile(new URL("../../scripts/build-package.ts", import.meta.url), "utf8");
  expect(build).toMatch(/step\("project README in place[^"]*", \(\) => restoreProjectReadme\(\)\)/);
  expect(build.indexOf("restoreProjectReadme()")).toBeLessThan(build.indexOf('step("clean dist/"'));
});
