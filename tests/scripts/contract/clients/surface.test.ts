import { existsSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { packageRoot, SURFACE, surfaceReport } from "../../../../scripts/contract/clients/surface.ts";

describe("the SDK surface", () => {
  test.each(SURFACE.map((s) => [s.sdk, s] as const))(
    "%s: every entry names a real member, every call a public method",
    (_sdk, entry) => {
      const report = surfaceReport(entry);

      expect(report.staleEntries).toEqual([]);
      expect(report.strayCalls).toEqual([]);
      expect(existsSync(packageRoot(entry.sdk))).toBe(true);
    },
  );

  test("a method the calls do not drive is reported missing", () => {
    const entry = { ...SURFACE[0], calls: SURFACE[0].calls.filter((c) => c.method !== "messages.get") };

    expect(
      surfaceReport(entry)
        .members.filter((m) => m.status === "missing")
        .map((m) => `${m.class}.${m.member}`),
    ).toEqual(["Messages.get"]);
  });
});
