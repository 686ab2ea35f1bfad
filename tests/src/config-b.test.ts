import { afterEach, describe, expect, test, vi } from "vitest";
import { SERVERS } from "../../generated/operations.ts";
import { readEnv } from "../../src/env.ts";
import { QStashGuardError, resolveBaseUrl } from "../../src/index.ts";

afterEach(() => vi.unstubAllEnvs());
const regional = SERVERS.find((s) => "region" in s.variables)!;
const regions = (regional.variables as { region: { enum: readonly string[] } }).region.enum;
const plain = SERVERS.find((s) => Object.keys(s.variables).length === 0)!.url;

describe("resolveBaseUrl", () => {
  test("an empty base URL counts as none: the region decides, else QSTASH_URL", () => {
    vi.stubEnv("QSTASH_URL", "https://env.example");
    expect(resolveBaseUrl({ baseUrl: "", region: regions[1] as never })).toBe(
      regional.url.replace("{region}", regions[1]!),
    );
    expect(resolveBaseUrl({ baseUrl: "" })).toBe("https://env.example");
  });

  test("an explicit base URL wins over QSTASH_URL, trailing slashes dropped, nothing else", () => {
    vi.stubEnv("QSTASH_URL", "https://env.example");
    expect(resolveBaseUrl({ baseUrl: "https://own.example/base//" })).toBe("https://own.example/base");
    expect(resolveBaseUrl({ baseUrl: "https://own.example/a/b" })).toBe("https://own.example/a/b");
  });

  test("with no QSTASH_URL in the environment, the spec's plain server", () => {
    vi.stubEnv("QSTASH_URL", undefined);
    expect(resolveBaseUrl({})).toBe(plain);
  });

  test("an unknown region is refused with the spec's regions, said exactly", () => {
    const error = (() => {
      try {
        return resolveBaseUrl({ region: "mars-1" as never });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(QStashGuardError);
    expect((error as Error).message).toBe(`Unknown QStash region "mars-1"; the spec lists: ${regions.join(", ")}`);
  });

  test.each([["not a url"], ["/v2/relative"]])("a base URL that does not parse (%s) is refused", (baseUrl) => {
    expect(() => resolveBaseUrl({ baseUrl })).toThrow(new QStashGuardError("The QStash base URL is not a valid URL"));
    vi.stubEnv("QSTASH_URL", baseUrl);
    expect(() => resolveBaseUrl({})).toThrow(QStashGuardError);
  });
});

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
