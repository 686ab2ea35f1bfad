import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse, stringify } from "yaml";
import { SPEC_FILE } from "../../../scripts/spec/build.ts";
import { canonicalized, leadingComments } from "../../../scripts/spec/canonical.ts";

const SPEC = readFileSync(SPEC_FILE, "utf8");

describe("the canonical layout of spec/", () => {
  test("is a function of the content: laying the same spec out otherwise gives back the same bytes", () => {
    const relaid = stringify(parse(SPEC), { indent: 4, lineWidth: 60, defaultStringType: "QUOTE_DOUBLE" });
    expect(relaid).not.toBe(SPEC);
    expect(canonicalized(`${leadingComments(SPEC)}${relaid}`)).toBe(SPEC);
  });
});
