/**
 * Real published descriptions (tests/fixtures/published, facts of upstash/docs): f9767c6 → 03fdcba,
 * where the DLQ filters went from one value to lists, must be called breaking; answers that changed
 * status without hurting readers must not.
 */
import { describe, expect, it } from "vitest";
import { compareDescriptions } from "../../../scripts/diff/compare-descriptions.ts";
import { loadDescription } from "../../../scripts/diff/load-description.ts";

const OLD = "tests/fixtures/published/qstash-f9767c6.yaml";
const NEW = "tests/fixtures/published/qstash-03fdcba.yaml";
const HISTORY = "tests/fixtures/published/history/qstash";

describe("published pairs", () => {
  it("reports each DLQ filter that became a list as breaking, on both DLQ calls", async () => {
    const report = compareDescriptions((await loadDescription(OLD)).document, (await loadDescription(NEW)).document);
    for (const operation of ["GET /v2/dlq", "DELETE /v2/dlq"]) {
      for (const filter of ["url", "label", "queueName", "topicName", "scheduleId", "callerIp"]) {
        const change = report.changes.find(
          (c) => c.operation === operation && c.location === `query parameter \`${filter}\``,
        );
        expect(change, `${operation} ${filter}`).toMatchObject({
          kind: "became-list",
          breaking: true,
          effect: "compile",
          detail: "string → string[]",
        });
      }
    }
    expect(
      report.changes.find((c) => c.operation === "GET /v2/dlq" && c.location === "query parameter `order`"),
    ).toMatchObject({ kind: "parameter-removed", breaking: true });
    expect(
      report.changes.find((c) => c.operation === "DELETE /v2/dlq" && c.location === "query parameter `flowControlKey`"),
    ).toMatchObject({ kind: "parameter-added-optional", breaking: false });
    expect(report.changes.find((c) => c.operation === "GET /v2/flowControl")).toMatchObject({
      kind: "became-list",
      direction: "response",
      breaking: true,
    });
  });

  it("breaks nothing when answers change status but every old read still compiles (347f3b38 → 03fdcba)", async () => {
    const load = async (file: string) => (await loadDescription(`${HISTORY}/${file}`)).document;
    const report = compareDescriptions(await load("2026-07-20-347f3b38.yaml"), await load("extra-03fdcba7.yaml"));
    const at = (operation: string, location: string) =>
      report.changes.filter((c) => c.operation === operation && c.location === location).map((c) => c.kind);
    expect(at("DELETE /v2/messages", "response 200")).toEqual(["response-status-removed"]);
    expect(at("DELETE /v2/messages", "response 202")).toEqual(["response-status-added"]);
    expect(at("DELETE /v2/messages/{messageId}", "response 202")).toEqual(["response-status-added"]);
    expect(report.summary).toMatchObject({ breaking: 0, warnings: 0 });
  });
});
