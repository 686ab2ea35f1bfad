import type { ReportModel } from "../../scripts/report/html.ts";

/** The commit the sample's mined catalog was read at (upstash/docs, 2026-08-21). */
export const DOCS_COMMIT = "ef0ce4387f723fa1d0bd49d29331a6ec61feb6df";

/** Text a server could answer with, meant to break out of the page wherever it lands. */
export const HOSTILE = `</script><img src=x onerror="document.title='pwned'"><b>bold</b> & "quotes"`;

/**
 * A report of every suite in the shapes the suites write (evidence lines, citations, groups), with
 * `filler` passing operation cases so that the view has to page, and one case of hostile text.
 */
export function sampleReport(filler = 0): ReportModel {
  return {
    run: {
      mode: "mock",
      target: "Prism mock of generated/qstash.openapi.json",
      specVersion: "2.0.0",
      startedAt: "2026-12-08T01:14:10.667Z",
      durationMs: 6980,
    },
    suites: [
      {
        suite: "claims",
        cases: [
          {
            id: "dlq-delete-body/body-dlqIds",
            group: "Delete multiple messages from the DLQ",
            name: "The ids to delete are sent as `dlqIds` in a JSON body.",
            ok: true,
            verdict: "contradicted",
            expected: "contradicted",
            evidence: ["spec: DELETE /v2/dlq takes no request body", "DELETE /v2/dlq with body {…} → 415"],
            consequence: "The call carries no ids the spec reads, so it acts on every message.",
            kind: "body",
            operation: "DELETE /v2/dlq",
            page: "dlq-delete-body",
          },
          {
            id: "shady/server",
            group: "A page with a script address",
            name: "Requests go to the global host.",
            ok: true,
            verdict: "holds",
            expected: "holds",
            evidence: ["server https://qstash.upstash.io"],
            kind: "server",
            operation: "GET /v2/dlq",
            page: "shady",
          },
        ],
        data: {
          pages: [
            {
              key: "dlq-delete-body",
              title: "Delete multiple messages from the DLQ",
              url: "https://upstash.com/docs/qstash/api/dlq/deleteMessages.md",
            },
            { key: "shady", title: "A page with a script address", url: "javascript:alert(1)" },
          ],
        },
      },
      {
        suite: "operations",
        cases: [
          {
            id: "listBulkActions/accept:query-state-empty-string",
            group: "listBulkActions",
            name: 'query state forbids empty string (""), which the mock cannot judge',
            ok: true,
            verdict: "unverifiable",
            expected: "unverifiable",
            evidence: ["unverifiable on a mock: Prism reads an empty query value as an absent parameter", "status 200"],
          },
          {
            id: "getMessage/positive",
            group: "getMessage",
            name: "valid requests drawn from the spec get 200",
            ok: false,
            evidence: ["request 17 answered 500"],
          },
          ...Array.from({ length: filler }, (_, i) => ({
            id: `getMessage/accept:edge-${i}`,
            group: "getMessage",
            name: `path messageId accepts edge value ${i}`,
            ok: true,
            evidence: ["status 200"],
          })),
        ],
      },
      {
        suite: "clients",
        cases: [
          {
            id: "@upstash/qstash:logs",
            group: "@upstash/qstash",
            name: "logs: GET /v2/events",
            ok: true,
            verdict: "contradicted",
            evidence: [
              "mock: GET /v2/events → 404",
              "evidence (logs-old-path): upstash/docs@ef0ce438 qstash/openapi.yaml:2918: the published description lists logs at GET /v2/logs",
              "evidence (logs-old-path): upstash/qstash-js@81d951b5 src/client/client.ts:660: logs() sends GET /v2/events",
            ],
            consequence: "Against a server that follows the spec the call gets a 404.",
          },
          {
            id: "@upstash/qstash:publish#url",
            group: "@upstash/qstash",
            name: "publish (url): POST /v2/publish/https://example.com/hook",
            ok: true,
            verdict: "holds",
            evidence: ["source: upstash/qstash-js@81d951b5 src/client/[...]/route.ts:48"],
          },
        ],
      },
      {
        suite: "docs",
        cases: [
          {
            id: "current:qstash-features-flowcontrol/shell-l45",
            group: "current: qstash/features/flowcontrol.mdx",
            name: "The curl example's line continuation is broken.",
            ok: true,
            verdict: "contradicted",
            expected: "contradicted",
            evidence: ["page: qstash/features/flowcontrol.mdx:45", "bash: a backslash followed by a space"],
            consequence: "The -d line runs as a command of its own and the message is published empty.",
            impact: "breaks",
            catalog: "current",
            operation: "POST /v2/publish/https://my-api...",
            reached: "POST /v2/publish/{destination}",
          },
          {
            id: "current:qstash-api-dlq-getmessage/response-dlqId",
            group: "current: qstash/api/dlq/getMessage.mdx",
            name: "The answer carries dlqId.",
            ok: true,
            verdict: "holds",
            expected: "holds",
            evidence: ["page: qstash/api/dlq/getMessage.mdx:22 (from _snippets/qstash-dlq-message-type.mdx:5)"],
            catalog: "current",
            operation: "GET /v2/dlq/{dlqId}",
            reached: "GET /v2/dlq/{dlqId}",
          },
          {
            id: "current:hostile/example",
            group: `current: ${HOSTILE}`,
            name: HOSTILE,
            ok: true,
            verdict: "contradicted",
            expected: "contradicted",
            evidence: [`curl: POST /v2/publish/x → 400; ${HOSTILE}`],
            consequence: HOSTILE,
            catalog: "current",
            operation: "POST /v2/publish/x",
          },
        ],
        data: { catalogs: [{ name: "current", dir: "spec/mined/current", commit: DOCS_COMMIT }] },
      },
    ],
  };
}
