import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, launchChromium, type Page } from "../../../scripts/report/headless-chromium.ts";
import { conformanceHtml } from "../../../scripts/report/html.ts";
import { DOCS_COMMIT, HOSTILE, sampleReport } from "../../helpers/report-model.ts";
import { tempDirs } from "../../helpers/temp-dirs.ts";

/**
 * reports/conformance.html in a real browser (Debian's headless Chromium, one start for the file):
 * opened from disk, filtered as a reader would, and read back from what the page shows.
 */

const FILLER = 450;
const makeDir = tempDirs();
let browser: Browser;
let page: Page;
let url: string;

beforeAll(async () => {
  const file = join(makeDir("report-browser"), "conformance.html");
  writeFileSync(file, conformanceHtml(sampleReport(FILLER)));
  url = pathToFileURL(file).href;
  browser = await launchChromium();
  page = await browser.newPage();
  await page.open(url);
});

afterAll(async () => {
  await browser?.close();
});

/** Sets one filter the way a reader does (a choice in a select, or typing) and returns what the page says. */
async function choose(name: string, value: string) {
  return page.evaluate<{ shown: string; matching: number; rows: string[]; hash: string }>(`(() => {
    const field = document.querySelector("#filters [name=${name}]");
    field.value = ${JSON.stringify(value)};
    field.dispatchEvent(new Event("input", { bubbles: true }));
    const shown = document.getElementById("shown");
    return {
      shown: shown.textContent,
      matching: Number(shown.dataset.matching),
      rows: [...document.querySelectorAll("#cases > li")].map((li) => li.dataset.id),
      hash: location.hash,
    };
  })()`);
}

describe("conformance.html in headless Chromium", () => {
  const total = 9 + FILLER;

  it("opens from disk, runs its script under its own policy and asks for nothing else", async () => {
    const state = await page.evaluate<{ ready: string; shown: string; rows: number; title: string }>(`({
      ready: document.body.dataset.ready,
      shown: document.getElementById("shown").textContent,
      rows: document.querySelectorAll("#cases > li").length,
      title: document.title,
    })`);
    expect(state.ready).toBe("true");
    expect(state.shown).toBe(`${total} of ${total} cases match; the first 200 are shown`);
    expect(state.rows).toBe(200);
    expect(state.title).not.toContain("pwned");
    expect(page.requests).toEqual([url]);
  });

  it("lists the unexpected result first, then the contradictions, each open with its evidence", async () => {
    const first = await page.evaluate<{ id: string; open: boolean; text: string }[]>(`
      [...document.querySelectorAll("#cases > li")].slice(0, 5).map((li) => ({
        id: li.dataset.id, open: li.querySelector("details").open, text: li.textContent,
      }))`);
    expect(first.map((row) => row.id)).toEqual([
      "getMessage/positive",
      "dlq-delete-body/body-dlqIds",
      "@upstash/qstash:logs",
      "current:qstash-features-flowcontrol/shell-l45",
      "current:hostile/example",
    ]);
    expect(first.every((row) => row.open)).toBe(true);
    expect(first[0].text).toContain("request 17 answered 500");
  });

  it("filters by suite and verdict, and shows a contradiction's evidence, consequence and page line", async () => {
    await choose("suite", "docs");
    const state = await choose("verdict", "contradicted");
    expect(state).toMatchObject({
      matching: 2,
      shown: `2 of ${total} cases match`,
      hash: "#suite=docs&verdict=contradicted",
    });
    expect(state.rows).toEqual(["current:qstash-features-flowcontrol/shell-l45", "current:hostile/example"]);
    const shown = await page.evaluate<{ evidence: string[]; consequence: string; links: [string, string][] }>(`(() => {
      const li = document.querySelector('#cases > li[data-id="current:qstash-features-flowcontrol/shell-l45"]');
      return {
        evidence: [...li.querySelectorAll(".evidence li")].map((e) => e.textContent),
        consequence: li.querySelector(".consequence").textContent,
        links: [...li.querySelectorAll(".links a")].map((a) => [a.textContent, a.href]),
      };
    })()`);
    expect(shown.evidence).toEqual([
      "page: qstash/features/flowcontrol.mdx:45",
      "bash: a backslash followed by a space",
    ]);
    expect(shown.consequence).toBe(
      "Consequence: The -d line runs as a command of its own and the message is published empty.",
    );
    expect(shown.links).toEqual([
      [
        `upstash/docs qstash/features/flowcontrol.mdx:45 @${DOCS_COMMIT.slice(0, 8)}`,
        `https://github.com/upstash/docs/blob/${DOCS_COMMIT}/qstash/features/flowcontrol.mdx#L45`,
      ],
    ]);
  });

  it("shows hostile server text as text, never as markup", async () => {
    const hostile = await page.evaluate<{ consequence: string; images: number; bold: number; title: string }>(`(() => {
      const li = document.querySelector('#cases > li[data-id="current:hostile/example"]');
      return {
        consequence: li.querySelector(".consequence").textContent,
        images: document.querySelectorAll("img").length,
        bold: document.querySelectorAll("#cases b").length,
        title: document.title,
      };
    })()`);
    expect(hostile).toEqual({
      consequence: `Consequence: ${HOSTILE}`,
      images: 0,
      bold: 0,
      title: expect.not.stringContaining("pwned"),
    });
  });

  it("filters by page and by operation, and by text", async () => {
    await choose("suite", "");
    await choose("verdict", "");
    const byPage = await choose("page", "current: qstash/api/dlq/getMessage.mdx");
    expect(byPage.rows).toEqual(["current:qstash-api-dlq-getmessage/response-dlqId"]);
    await choose("page", "");
    const byOperation = await choose("operation", "POST /v2/publish/{destination}");
    expect(byOperation.rows).toEqual(["current:qstash-features-flowcontrol/shell-l45", "@upstash/qstash:publish#url"]);
    await choose("operation", "");
    const byText = await choose("text", "EDGE VALUE 449");
    expect(byText.rows).toEqual(["getMessage/accept:edge-449"]);
    await choose("text", "");
  });

  it("builds a closed row's evidence when it is opened, and pages through the rest on request", async () => {
    const state = await choose("verdict", "passed");
    expect(state.matching).toBe(FILLER);
    expect(state.rows).toHaveLength(200);
    const opened = await page.evaluate<string[]>(`(() => {
      const details = document.querySelector("#cases > li details");
      details.open = true;
      return new Promise((resolve) => setTimeout(() =>
        resolve([...details.querySelectorAll(".evidence li")].map((e) => e.textContent)), 50));
    })()`);
    expect(opened).toEqual(["status 200"]);
    const more = await page.evaluate<{ rows: number; shown: string; button: string }>(`(() => {
      document.getElementById("more").click();
      return {
        rows: document.querySelectorAll("#cases > li").length,
        shown: document.getElementById("shown").textContent,
        button: document.getElementById("more").textContent,
      };
    })()`);
    expect(more).toEqual({
      rows: 400,
      shown: `${FILLER} of ${total} cases match; the first 400 are shown`,
      button: "show 50 more (50 not shown)",
    });
  });

  it("opens an address's hash as its filters, as a shared link does", async () => {
    await page.open("about:blank");
    await page.open(`${url}#suite=operations&verdict=unexpected`);
    const state = await page.evaluate<{ suite: string; verdict: string; rows: string[] }>(`({
      suite: document.querySelector("[name=suite]").value,
      verdict: document.querySelector("[name=verdict]").value,
      rows: [...document.querySelectorAll("#cases > li")].map((li) => li.dataset.id),
    })`);
    expect(state).toEqual({ suite: "operations", verdict: "unexpected", rows: ["getMessage/positive"] });
    // A count in the summary table is such a link.
    const fromSummary = await page.evaluate<string[]>(`(() => {
      document.querySelector('#summary a[href="#suite=claims&verdict=holds"]').click();
      return new Promise((resolve) => setTimeout(() =>
        resolve([...document.querySelectorAll("#cases > li")].map((li) => li.dataset.id)), 50));
    })()`);
    expect(fromSummary).toEqual(["shady/server"]);
  });
});
