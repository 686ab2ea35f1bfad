import { readFileSync } from "node:fs";
import { startPrism } from "../contract/prism.ts";
import type { CaseResult, Suite } from "../contract/suite.ts";

/** The mock checks no token's value; this one only has to be present. */
const MOCK_TOKEN = "drift-check-token";

/** Runs a suite against a Prism mock of the given (corrected, JSON) description, then stops Prism. */
export async function runSuiteOnMock(suite: Suite, specFile: string): Promise<CaseResult[]> {
  const prism = await startPrism({ spec: specFile });
  try {
    const description = JSON.parse(readFileSync(specFile, "utf8"));
    const outcome = await suite({ baseUrl: prism.url, token: MOCK_TOKEN, mode: "mock", description });
    return outcome.cases;
  } finally {
    await prism.stop();
  }
}
