import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startPrism } from "../../scripts/contract/prism.ts";

/** One Prism mock of the generated spec for the whole run; its URL reaches tests through inject(). */
export default async function setup(project: TestProject) {
  const prism = await startPrism();
  project.provide("prismUrl", prism.url);
  return () => prism.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}
