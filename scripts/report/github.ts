/**
 * `npm run report:github`: a consumer of reports/conformance.json for GitHub Actions. It prints a
 * workflow-command annotation (`::error …`) for every unexpected result, so the pull request shows
 * it beside the claim's catalog file, and appends reports/conformance.md to the job summary.
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runCommand, UsageError, type Parsed } from "../lib/cli.ts";
import { REPORTS_DIR } from "./write-reports.ts";

const COMMAND = {
  usage: "usage: npm run report:github -- [--reports <dir>] [--summary <file>]",
  help: `Reads <dir>/conformance.json and conformance.md (default ${REPORTS_DIR}/). Prints one ::error annotation per
unexpected result and appends the Markdown report to --summary (default: $GITHUB_STEP_SUMMARY, if set).
Exit 0 always when the reports are readable: the verify step itself fails the job.`,
  options: { reports: { type: "string" as const, default: REPORTS_DIR }, summary: { type: "string" as const } },
};

interface ReportedCase {
  id: string;
  name: string;
  ok: boolean;
  verdict?: string;
  expected?: string;
  evidence: string[];
  file?: string;
}

/** GitHub's workflow commands end a value at a newline, so the message's own newlines are escaped. */
export function annotation(suite: string, c: ReportedCase): string {
  const escapeData = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const escapeProperty = (text: string) => escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const observed = `observed ${c.verdict ?? "a failure"}, expected ${c.expected ?? "success"}`;
  const message = [`${c.name}: ${observed}`, ...c.evidence.slice(0, 6)].join("\n");
  const file = c.file ? `file=${escapeProperty(c.file)},` : "";
  return `::error ${file}title=${escapeProperty(`${suite}: ${c.id}`)}::${escapeData(message)}`;
}

async function main({ values }: Parsed): Promise<void> {
  const dir = values.reports as string;
  const jsonFile = join(dir, "conformance.json");
  if (!existsSync(jsonFile)) throw new UsageError(`${jsonFile} does not exist: run npm run verify first`);
  const report = JSON.parse(readFileSync(jsonFile, "utf8")) as { suites: { suite: string; cases: ReportedCase[] }[] };
  let unexpected = 0;
  for (const { suite, cases } of report.suites) {
    for (const c of cases.filter((one) => !one.ok)) {
      unexpected += 1;
      process.stdout.write(`${annotation(suite, c)}\n`);
    }
  }
  const summary = (values.summary as string | undefined) ?? process.env.GITHUB_STEP_SUMMARY;
  if (summary) appendFileSync(summary, readFileSync(join(dir, "conformance.md"), "utf8"));
  process.stderr.write(
    `${unexpected} unexpected result(s) annotated${summary ? `; report appended to ${summary}` : ""}\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await runCommand(COMMAND, main);
