import { afterEach, describe, expect, test, vi } from "vitest";
import { readEnv } from "../../src/env.ts";

afterEach(() => vi.unstubAllEnvs());

describe("readEnv", () => {
  /** Runs `read` with globalThis.process replaced; synchronous, so nothing else sees the swap. */
  function withProcess<T>(replacement: unknown, read: () => T): T {
    const saved = Object.getOwnPropertyDescriptor(globalThis, "process")!;
    Object.defineProperty(globalThis, "process", { value: replacement, configurable: true, writable: true });
    try {
      return read();
    } finally {
      Object.defineProperty(globalThis, "process", saved);
    }
  }

  test("a set variable, and an empty one as none", () => {
    vi.stubEnv("QSTASH_B_SET", "value");
    vi.stubEnv("QSTASH_B_EMPTY", "");
    expect(readEnv("QSTASH_B_SET")).toBe("value");
    expect(readEnv("QSTASH_B_EMPTY")).toBeUndefined();
    expect(readEnv("QSTASH_B_NEVER_SET")).toBeUndefined();
  });

  test("no process, a process without env, or an env that refuses to be read: undefined", () => {
    expect(withProcess(undefined, () => readEnv("PATH"))).toBeUndefined();
    expect(withProcess({}, () => readEnv("PATH"))).toBeUndefined();
    const denied = {
      get env() {
        throw new Error("Requires env access");
      },
    };
    expect(withProcess(denied, () => readEnv("PATH"))).toBeUndefined();
    expect(withProcess({ env: { PATH: "/bin" } }, () => readEnv("PATH"))).toBe("/bin");
  });
});
