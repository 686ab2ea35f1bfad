import { createConfig, lintFromString, type NormalizedProblem } from "@redocly/openapi-core";

/**
 * Redocly's recommended rule set, with the few rules that do not fit an API whose
 * operations legitimately answer without a body or without a 4xx, tuned down to warnings.
 * Everything at `error` fails generation.
 */
const RULES = {
  "operation-4xx-response": "warn",
  "no-server-example.com": "error",
  "no-unused-components": "warn",
  "operation-summary": "error",
  "operation-operationId": "error",
  "tags-alphabetical": "off",
  "info-license-strict": "warn",
} as const;

export interface LintProblem {
  severity: "error" | "warn";
  ruleId: string;
  message: string;
  pointer: string;
}

/** Built once per process: a sync, a replay of the history or a test file lints many times with it. */
let config: ReturnType<typeof createConfig> | undefined;

export async function lintDescription(text: string, name: string): Promise<LintProblem[]> {
  config ??= createConfig({ extends: ["recommended"], rules: RULES });
  const problems: NormalizedProblem[] = await lintFromString({ source: text, absoluteRef: name, config: await config });
  return problems.map((problem) => ({
    severity: problem.severity === "error" ? "error" : "warn",
    ruleId: problem.ruleId,
    message: problem.message,
    pointer: problem.location[0]?.pointer ?? "#/",
  }));
}
