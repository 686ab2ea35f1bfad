import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SuiteOutcome } from "../../../scripts/contract/suite.ts";
import { conformanceHtml, jsonForScript } from "../../../scripts/report/html.ts";
import { writeReports } from "../../../scripts/report/write-reports.ts";
import { DOCS_COMMIT, HOSTILE, sampleReport } from "../../helpers/report-model.ts";
import { tempDirs } from "../../helpers/temp-dirs.ts";

const makeDir = tempDirs();

/** The page's embedded data, decoded the way its script reads it. */
function dataOf(html: string) {
  const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1];
  const data = JSON.parse(json);
  const s = (i: number) => data.strings[i];
  const cases = data.cases.map((c: any[]) => ({
    suite: data.suites[c[0]],
    status: data.statuses[c[1]],
    ok: c[2] === 1,
    id: s(c[3]),
    page: c[5] >= 0 ? s(c[5]) : undefined,
    operations: c[6].map(s),
    evidence: c[7].map(s),
    consequence: c[8] >= 0 ? s(c[8]) : undefined,
    expected: c[9] >= 0 ? s(c[9]) : undefined,
    links: c[10].map(([text, href]: number[]) => [s(text), s(href)]),
  }));
  return { data, byId: (id: string) => cases.find((c: any) => c.id === id) };
}

describe("conformance.html", () => {
  const html = conformanceHtml(sampleReport());
  const { data, byId } = dataOf(html);

  it("counts every suite's cases by verdict, with the unexpected ones, each count a link to its cases", () => {
    const row = (suite: string) => new RegExp(`<tr><th scope="row">${suite}</th>(.*?)</tr>`).exec(html)![1];
    const numbers = (cells: string) => [...cells.matchAll(/<td[^>]*>(?:<a [^>]*>)?(\d+)/g)].map((m) => Number(m[1]));
    // cases, contradicted, holds, unverifiable, passed, failed, unexpected
    expect(numbers(row("claims"))).toEqual([2, 1, 1, 0, 0, 0, 0]);
    expect(numbers(row("operations"))).toEqual([2, 0, 0, 1, 0, 1, 1]);
    expect(numbers(row("docs"))).toEqual([3, 2, 1, 0, 0, 0, 0]);
    expect(numbers(row("total"))).toEqual([9, 4, 3, 1, 0, 1, 1]);
    expect(row("docs")).toContain('<a href="#suite=docs&amp;verdict=contradicted">2</a>');
    expect(row("operations")).toContain('<td class="bad"><a href="#suite=operations&amp;verdict=unexpected">1</a>');
  });

  it("links a mined claim to its page line at the catalog's commit, and a snippet line too", () => {
    expect(byId("current:qstash-features-flowcontrol/shell-l45").links).toEqual([
      [
        `upstash/docs qstash/features/flowcontrol.mdx:45 @${DOCS_COMMIT.slice(0, 8)}`,
        `https://github.com/upstash/docs/blob/${DOCS_COMMIT}/qstash/features/flowcontrol.mdx#L45`,
      ],
    ]);
    expect(byId("current:qstash-api-dlq-getmessage/response-dlqId").links.map(([, href]: string[]) => href)).toEqual([
      `https://github.com/upstash/docs/blob/${DOCS_COMMIT}/qstash/api/dlq/getMessage.mdx#L22`,
      `https://github.com/upstash/docs/blob/${DOCS_COMMIT}/_snippets/qstash-dlq-message-type.mdx#L5`,
    ]);
  });

  it("links every repository@commit file:line an SDK case cites, lengthening a commit the report knows in full", () => {
    expect(byId("@upstash/qstash:logs").links.map(([, href]: string[]) => href)).toEqual([
      `https://github.com/upstash/docs/blob/${DOCS_COMMIT}/qstash/openapi.yaml#L2918`,
      "https://github.com/upstash/qstash-js/blob/81d951b5/src/client/client.ts#L660",
    ]);
    // A file name with brackets stays one path, its characters escaped.
    expect(byId("@upstash/qstash:publish#url").links[0][1]).toBe(
      "https://github.com/upstash/qstash-js/blob/81d951b5/src/client/%5B...%5D/route.ts#L48",
    );
  });

  it("links a hand-written claim to its page's https address and never to another scheme", () => {
    expect(byId("dlq-delete-body/body-dlqIds").links).toEqual([
      ["page: Delete multiple messages from the DLQ", "https://upstash.com/docs/qstash/api/dlq/deleteMessages.md"],
    ]);
    expect(byId("shady/server").links).toEqual([]);
    expect(html).not.toContain("javascript:");
  });

  it("names the operation each suite's case reaches, as METHOD and path template", () => {
    expect(byId("getMessage/positive").operations).toEqual(["GET /v2/messages/{messageId}"]);
    expect(byId("@upstash/qstash:publish#url").operations).toEqual(["POST /v2/publish/{destination}"]);
    // A request no operation answers keeps its own path.
    expect(byId("@upstash/qstash:logs").operations).toEqual(["GET /v2/events"]);
    expect(byId("current:qstash-features-flowcontrol/shell-l45").operations).toEqual([
      "POST /v2/publish/{destination}",
    ]);
    expect(byId("dlq-delete-body/body-dlqIds").operations).toEqual(["DELETE /v2/dlq"]);
    const options = (name: string) =>
      [...new RegExp(`<select name="${name}">(.*?)</select>`).exec(html)![1].matchAll(/<option>(.*?)<\/option>/g)].map(
        (m) => m[1],
      );
    expect(options("operation")).toContain("GET /v2/messages/{messageId}");
    expect(options("page")).toEqual([
      "A page with a script address",
      "current: &lt;/script&gt;&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;",
      "current: qstash/api/dlq/getMessage.mdx",
      "current: qstash/features/flowcontrol.mdx",
      "Delete multiple messages from the DLQ",
    ]);
  });

  it("keeps a case's verdict, expected verdict, evidence and consequence", () => {
    expect(byId("getMessage/positive")).toMatchObject({
      status: "failed",
      ok: false,
      evidence: ["request 17 answered 500"],
    });
    expect(byId("current:qstash-features-flowcontrol/shell-l45")).toMatchObject({
      status: "contradicted",
      page: "current: qstash/features/flowcontrol.mdx",
      consequence: "The -d line runs as a command of its own and the message is published empty.",
      expected: undefined, // the same as observed: not repeated
    });
  });

  it("stores a repeated string once", () => {
    const report = sampleReport(50);
    const { data: grown } = dataOf(conformanceHtml(report));
    expect(grown.strings.filter((s: string) => s === "status 200")).toHaveLength(1);
    expect(grown.cases).toHaveLength(59);
  });

  it("lets no case text become markup: only the page's own elements and script", () => {
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>");
    expect(byId("current:hostile/example").consequence).toBe(HOSTILE);
    expect(jsonForScript({ a: "</script>\u2028" })).toBe('{"a":"\\u003c/script>\\u2028"}');
  });

  it("allows only its own script, by hash, and no request to any address", () => {
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    const script = /<script>(.*?)<\/script>/s.exec(html)![1];
    const hash = createHash("sha256").update(script).digest("base64");
    expect(policy).toBe(`default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:`);
    expect(html).not.toMatch(/<(link|iframe|object|embed)\b|\bsrc=["']?https?:/);
  });

  it("is written by writeReports beside the JSON, from the same data, with the token masked", () => {
    const dir = makeDir("report-html");
    const token = "eyJVc2VySUQiOiJzZWNyZXQtdG9rZW4ifQ==";
    const outcome: SuiteOutcome = {
      suite: "claims",
      cases: [
        {
          id: "p/leak",
          group: "Page",
          name: "a claim",
          ok: false,
          verdict: "holds",
          expected: "contradicted",
          evidence: [`Authorization: Bearer ${token}`],
          durationMs: 1,
        },
      ],
      markdown: "",
      summary: "",
    };
    const run = {
      mode: "mock" as const,
      target: "t",
      specVersion: "1",
      startedAt: "2026-12-08T00:00:00Z",
      durationMs: 1,
    };
    const written = writeReports([outcome], run, dir, token);
    expect(written).toContain(`${dir}/conformance.html`);
    const page = readFileSync(join(dir, "conformance.html"), "utf8");
    expect(page).not.toContain(token);
    const json = JSON.parse(readFileSync(join(dir, "conformance.json"), "utf8"));
    const shown = dataOf(page).byId("p/leak");
    expect(shown.evidence).toEqual(json.suites[0].cases[0].evidence);
    expect(shown).toMatchObject({ status: "holds", ok: false, expected: "contradicted" });
  });

  it("has the suites in the order the run gave them", () => {
    expect(data.suites).toEqual(["claims", "operations", "clients", "docs"]);
  });
});
