import { afterEach, expect, test, vi } from "vitest";
import { SERVERS } from "../../generated/operations.ts";
import { createQStashClient, resolveBaseUrl } from "../../src/index.ts";

afterEach(() => vi.unstubAllEnvs());
const regional = SERVERS.find((s) => "region" in s.variables)!;
const regions = (regional.variables as { region: { enum: readonly string[] } }).region.enum;

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

test("QSTASH_TOKEN is the default token; no token at all is refused", async () => {
  vi.stubEnv("QSTASH_TOKEN", "env-token-value");
  let auth: string | null = null;
  const c = createQStashClient({
    baseUrl: "http://127.0.0.1:9",
    fetch: async (r) => ((auth = r.headers.get("authorization")), Response.json({ messages: [] })),
  });
  await c.GET("/v2/dlq");
  expect(auth).toBe("Bearer env-token-value");
  vi.stubEnv("QSTASH_TOKEN", "");
  expect(() => createQStashClient({ baseUrl: "http://127.0.0.1:9" })).toThrow(/QSTASH_TOKEN/);
});

test("query auth sends qstash_token and no Authorization header", async () => {
  let seen: Request | undefined;
  const c = createQStashClient({
    token: "q-token",
    auth: "query",
    baseUrl: "http://127.0.0.1:9",
    fetch: async (r) => ((seen = r), Response.json({ messages: [] })),
  });
  await c.GET("/v2/dlq", { params: { query: { label: ["a", "b"] } } });
  expect(new URL(seen!.url).search).toBe("?label=a&label=b&qstash_token=q-token");
  expect(seen!.headers.get("authorization")).toBeNull();
});
