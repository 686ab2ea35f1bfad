/**
 * `npx tsx scripts/report/open-html.ts`: opens reports/conformance.html the way a reader does, in
 * headless Chromium, and says what it costs: the file's size, the time until the first rows are on
 * screen and the time one filter takes. `--cases N` first grows the run's report to N cases (copies of
 * its cases, every string of a copy made unique so that nothing is shared that a larger real run
 * might not share: an upper bound). `--screenshot <png>` keeps a picture of the opened report.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { median } from "../../bench/stats.ts";
import { runCommand, UsageError, type Parsed } from "../lib/cli.ts";
import { exitCleanlyOnSignals } from "../lib/interrupts.ts";
import { launchChromium, type Page } from "./headless-chromium.ts";
import { conformanceHtml, type ReportModel } from "./html.ts";
import { REPORTS_DIR } from "./write-reports.ts";

const COMMAND = {
  usage:
    "usage: npx tsx scripts/report/open-html.ts [--reports <dir>] [--cases <n>] [--runs <n>] [--screenshot <png>] [--filter <hash>]",
  help: `Opens <dir>/conformance.html (default ${REPORTS_DIR}/) in headless Chromium (/usr/bin/chromium or CHROMIUM_PATH) and
prints its size, the median time from navigation to the first rendered rows, and the median time of one
filter (suite = docs).
  --cases <n>        build the page from <dir>/conformance.json grown to n cases instead (an upper bound on size)
  --runs <n>         page loads to take the median of (default 5)
  --screenshot <png> save a PNG of the page as opened (1280 px wide), after --filter if given
  --filter <hash>    open the page with this filter, e.g. "suite=docs&verdict=contradicted"`,
  options: {
    reports: { type: "string" as const, default: REPORTS_DIR },
    cases: { type: "string" as const },
    runs: { type: "string" as const, default: "5" },
    screenshot: { type: "string" as const },
    filter: { type: "string" as const },
  },
};

async function main({ values }: Parsed): Promise<void> {
  const dir = values.reports as string;
  const runs = positive(values.runs as string, "--runs");
  const scratch = mkdtempSync(join(tmpdir(), "qstash-report-html-"));
  try {
    let file = join(dir, "conformance.html");
    if (values.cases !== undefined) {
      const report = readReport(join(dir, "conformance.json"));
      file = join(scratch, "conformance.html");
      writeFileSync(file, conformanceHtml(grown(report, positive(values.cases as string, "--cases"))));
    }
    const bytes = statSync(file, { throwIfNoEntry: false })?.size;
    if (bytes === undefined) throw new UsageError(`${file} does not exist: run npm run verify first`);
    const url = `${pathToFileURL(resolve(file)).href}${values.filter ? `#${values.filter}` : ""}`;
    const browser = await launchChromium();
    try {
      const opened: number[] = [];
      const filtered: number[] = [];
      let cases = 0;
      for (let run = 0; run < runs; run++) {
        const page = await browser.newPage();
        await page.open(url);
        const seen = await measure(page);
        opened.push(seen.renderedMs);
        filtered.push(seen.filterMs);
        cases = seen.cases;
        if (run === runs - 1 && values.screenshot) writeFileSync(values.screenshot as string, await page.screenshot());
      }
      const kb = (bytes / 1024).toFixed(0);
      process.stdout.write(
        `${file}: ${cases} cases, ${kb} KiB; first rows on screen after ${median(opened).toFixed(0)} ms, ` +
          `one filter ${median(filtered).toFixed(0)} ms (medians of ${runs} loads: ${opened.map((ms) => ms.toFixed(0)).join(", ")} ms)\n`,
      );
      if (values.screenshot) process.stdout.write(`screenshot: ${values.screenshot}\n`);
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** What the page reports about itself: its render mark, and one filter applied and undone. */
async function measure(page: Page): Promise<{ renderedMs: number; filterMs: number; cases: number }> {
  return page.evaluate(`(() => {
    const rendered = performance.getEntriesByName("report-rendered")[0];
    if (!rendered) throw new Error("the page did not render its cases");
    const select = document.querySelector("select[name=suite]");
    const before = select.value;
    const started = performance.now();
    select.value = "docs";
    select.dispatchEvent(new Event("input", { bubbles: true }));
    const filterMs = performance.now() - started;
    select.value = before;
    select.dispatchEvent(new Event("input", { bubbles: true }));
    return { renderedMs: rendered.startTime, filterMs, cases: JSON.parse(document.getElementById("report-data").textContent).cases.length };
  })()`);
}

/** The report with its cases copied until there are `count`; each copy's strings carry its number. */
export function grown(report: ReportModel, count: number): ReportModel {
  const all = report.suites.reduce((n, s) => n + s.cases.length, 0);
  if (all === 0) throw new UsageError("the report has no cases to grow");
  const copies = Math.ceil(count / all);
  let left = count;
  const suites = report.suites.map((outcome) => ({ ...outcome, cases: [] as ReportModel["suites"][number]["cases"] }));
  for (let copy = 0; copy < copies && left > 0; copy++) {
    report.suites.forEach((outcome, index) => {
      for (const c of outcome.cases.slice(0, left)) {
        const mark = (text: string) => (copy === 0 ? text : `${text} ·${copy}`);
        suites[index].cases.push({
          ...c,
          id: mark(c.id),
          name: mark(c.name),
          evidence: c.evidence.map(mark),
          consequence: c.consequence && mark(c.consequence),
        });
        left -= 1;
      }
    });
  }
  return { ...report, suites };
}

function readReport(file: string): ReportModel {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`${file} cannot be read: run npm run verify first`);
  }
  try {
    return JSON.parse(text) as ReportModel;
  } catch (error) {
    throw new UsageError(`${file} is not JSON (${(error as Error).message}): run npm run verify again`);
  }
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a positive whole number, got ${text}`);
  return n;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  exitCleanlyOnSignals();
  await runCommand(COMMAND, main);
}
