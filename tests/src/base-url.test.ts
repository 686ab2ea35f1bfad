import { afterEach, describe, expect, test, vi } from "vitest";
import { SERVERS } from "../../generated/operations.ts";
import { QStashGuardError, resolveBaseUrl } from "../../src/index.ts";

afterEach(() => vi.unstubAllEnvs());
const regional = SERVERS.find((s) => "region" in s.variables)!;
const regions = (regional.variables as { region: { enum: readonly string[] } }).region.enum;
const plain = SERVERS.find((s) => Object.keys(s.variables).length === 0)!.url;

type Case = [string, Record<string, string>, Record<string, string>, string];
test.each<Case>([
  [
    "explicit base URL wins",
    { baseUrl: "http://127.0.0.1:9/", region: regions[0] },
    { QSTASH_URL: "https://env.example" },
    "http://127.0.0.1:9",
  ],
  ...regions.map(
    (r) =>
      [
        `region ${r} from the spec's regional server`,
        { region: r },
        { QSTASH_URL: "https://env.example" },
        regional.url.replace("{region}", r),
      ] as Case,
  ),
  ["QSTASH_URL when no option", {}, { QSTASH_URL: "https://env.example/" }, "https://env.example"],
  [
    "the spec's first server without variables otherwise",
    {},
    {},
    SERVERS.find((s) => Object.keys(s.variables).length === 0)!.url,
  ],
])("%s", (_name, options, env, want) => {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  if (!("QSTASH_URL" in env)) vi.stubEnv("QSTASH_URL", "");
  expect(resolveBaseUrl(options as never)).toBe(want);
});

test("an unknown region is refused, naming the spec's regions", () => {
  expect(() => resolveBaseUrl({ region: "mars-1" as never })).toThrow(new RegExp(regions.join(", ")));
});

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
