import { describe, expect, it } from "vitest";
import { annotation } from "../../../scripts/report/github.ts";

describe("GitHub annotation", () => {
  it("is one line naming the catalog file, with newlines, commas and colons escaped", () => {
    const line = annotation("claims", {
      id: "p/moved",
      name: "a, claim: here",
      ok: false,
      verdict: "holds",
      expected: "contradicted",
      evidence: ["100% sure\nsecond"],
      file: "spec/claims/000-x.yaml",
    });
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toBe(
      "::error file=spec/claims/000-x.yaml,title=claims%3A p/moved::a, claim: here: observed holds, expected contradicted%0A100%25 sure%0Asecond",
    );
  });
});
