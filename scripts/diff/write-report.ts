import { writeFilesAtomically } from "../lib/write-atomic.ts";
import type { ChangeReport } from "./change.ts";
import { renderMarkdown } from "./render-markdown.ts";

export const REPORTS_DIR = "reports";

/** Writes changes.md and changes.json into `dir`; returns the Markdown. */
export function writeChangeReport(
  report: ChangeReport,
  dir = REPORTS_DIR,
  extraMarkdown = "",
  extraJson: Record<string, unknown> = {},
): string {
  const markdown = `${renderMarkdown(report)}${extraMarkdown ? `\n${extraMarkdown}` : ""}`;
  writeFilesAtomically(dir, {
    "changes.md": markdown,
    "changes.json": `${JSON.stringify({ ...report, ...extraJson }, null, 2)}\n`,
  });
  return markdown;
}
