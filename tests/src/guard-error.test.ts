import { describe, expect, test } from "vitest";
import { QStashGuardError } from "../../src/guard-error.ts";

describe("QStashGuardError", () => {
  test("is a TypeError with its own name", () => {
    const error = new QStashGuardError("no scope");
    expect(error).toBeInstanceOf(TypeError);
    expect(error.name).toBe("QStashGuardError");
    expect(String(error)).toBe("QStashGuardError: no scope");
  });
});
