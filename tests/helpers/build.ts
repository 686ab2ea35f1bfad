import { buildGenerated, type BuildResult } from "../../scripts/spec/build.ts";

let committed: Promise<BuildResult> | undefined;

/**
 * A build of the committed spec/ (what `npm run generate` writes), made once per test worker and
 * shared by the files that compare against it: a build takes a second or more.
 */
export function committedBuild(): Promise<BuildResult> {
  committed ??= buildGenerated();
  return committed;
}
