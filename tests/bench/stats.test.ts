/** How a figure is told (bench/stats.ts): the label says what actually ran. */
import { describe, expect, it } from "vitest";
import { grouped, median, medianOf } from "../../bench/stats.ts";

describe("stats", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("names a median by the runs it came from, and one run as one run", () => {
    expect(medianOf(3, "run")).toBe("median of 3 runs");
    expect(medianOf(1, "run")).toBe("1 run");
    expect(medianOf(6000, "call")).toBe("median of 6,000 calls");
  });

  it("groups thousands and keeps the decimals asked for", () => {
    expect(grouped(6147)).toBe("6,147");
    expect(grouped(7.8849, 2)).toBe("7.88");
  });
});
