import { afterEach, describe, expect, test, vi } from "vitest";
import { createQStashClient, QStashTransportError } from "../../../src/index.ts";

const TOKEN = "client-unit-token-6d1a";
const BASE = "http://127.0.0.1:9";
const refused = () => Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
const reset = () => Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });

/** A client whose fetch answers from `answers` in turn (a function throws or builds a Response); `seen` logs each request. */
function scripted(answers: (() => Response | Promise<Response>)[], options: Record<string, unknown> = {}) {
  const seen: Request[] = [];
  const client = createQStashClient({
    token: TOKEN,
    baseUrl: BASE,
    retry: { baseDelay: 1, attempts: 4 },
    fetch: async (request) => {
      seen.push(request);
      const next = answers.shift();
      if (!next) throw new Error("no answer scripted");
      return next();
    },
    ...options,
  }) as any;
  return { client, seen };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe("the path a call names", () => {
  test.each([
    [42, 'GET number: a path starts with "/" and holds no "?" or "#"; nothing was sent'],
    [["/"], 'GET object: a path starts with "/" and holds no "?" or "#"; nothing was sent'],
    ["v2/dlq", 'GET "v2/dlq": a path starts with "/" and holds no "?" or "#"; nothing was sent'],
    ["/v2/dlq?count=1", 'GET "/v2/dlq?count=1": a path starts with "/" and holds no "?" or "#"; nothing was sent'],
  ])("%j is refused", async (path, message) => {
    const { client, seen } = scripted([]);
    await expect(client.GET(path)).rejects.toThrow(message);
    expect(seen).toHaveLength(0);
  });

  test.each(["http://127.0.0.1:9/prefix", "http://127.0.0.1:9/prefix/"])(
    "under a base path (%s) the bulk guard still sees /v2/dlq",
    async (baseUrl) => {
      const { client, seen } = scripted([() => Response.json({ deleted: 0 })], { baseUrl });
      await expect(client.DELETE("/v2/dlq")).rejects.toThrow(/^DELETE \/v2\/dlq: no ids and no filter/);
      expect(seen).toHaveLength(0);
      await client.DELETE("/v2/dlq", { all: true });
      expect(seen.map((r) => r.url)).toEqual(["http://127.0.0.1:9/prefix/v2/dlq"]);
    },
  );

  test("a method is judged by its own bulk operations: POST on the path of DELETE's bulk delete goes out", async () => {
    const { client, seen } = scripted([() => Response.json({})]);
    await client.POST("/v2/dlq", { body: {} });
    expect(seen).toHaveLength(1);
  });

  test("a timeout outside 1 to 2^31-1 is refused with its value", async () => {
    expect(() => createQStashClient({ token: TOKEN, baseUrl: BASE, timeout: 0 })).toThrow(
      "timeout 0: not milliseconds from 1 to 2^31-1, nor Infinity",
    );
    const { client } = scripted([]);
    await expect(client.GET("/v2/dlq", { timeout: -5 })).rejects.toThrow(
      "timeout -5: not milliseconds from 1 to 2^31-1, nor Infinity",
    );
  });
});

describe("what fetch is given", () => {
  test("no signal unless there is something to abort: the default timeout and Infinity give none, a timeout or a signal one", async () => {
    const calls: RequestInit[] = [];
    vi.stubGlobal(
      "fetch",
      async (_url: string, init: RequestInit) => (calls.push(init), Response.json({ messages: [] })),
    );
    const client = createQStashClient({ token: TOKEN, baseUrl: BASE }) as any;
    await client.GET("/v2/dlq");
    await client.GET("/v2/dlq", { timeout: Infinity });
    await client.GET("/v2/dlq", { timeout: 5_000 });
    await client.GET("/v2/dlq", { timeout: Infinity, signal: new AbortController().signal });
    expect(calls.map((init) => init.signal instanceof AbortSignal)).toEqual([false, false, true, true]);
  });
});

describe("retries", () => {
  test("a failed connection and then an answer: the answer, whatever the timeout", async () => {
    for (const timeout of [undefined, Infinity]) {
      const { client, seen } = scripted([() => Promise.reject(refused()), () => Response.json({ messages: [] })], {
        timeout,
      });
      const { data } = await client.GET("/v2/dlq");
      expect(data).toEqual({ messages: [] });
      expect(seen).toHaveLength(2);
    }
  });

  test("a 503 with no body and no timeout, then an answer: the answer", async () => {
    const { client, seen } = scripted(
      [() => new Response(null, { status: 503 }), () => Response.json({ messages: [] })],
      { timeout: Infinity },
    );
    expect((await client.GET("/v2/dlq")).data).toEqual({ messages: [] });
    expect(seen).toHaveLength(2);
  });

  test("when the budget runs out after a failed connection, that failure is thrown, classified", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.9); // a backoff of 9 ms, past the 5 ms budget
    const { client, seen } = scripted([() => Promise.reject(refused())], {
      retry: { attempts: 5, baseDelay: 10, maxElapsed: 5 },
    });
    const error = await client.GET("/v2/dlq").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QStashTransportError);
    expect((error as QStashTransportError).failure).toBe("refused");
    expect(seen).toHaveLength(1);
  });

  test("the budget counts the time already spent: no attempt starts past maxElapsed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const slow = () => {
      vi.setSystemTime(Date.now() + 40); // each attempt takes 40 ms
      return new Response(null, { status: 503 });
    };
    const { client, seen } = scripted([slow, slow, slow, slow, slow], {
      retry: { attempts: 5, baseDelay: 1, maxElapsed: 100 },
    });
    const { response } = await client.GET("/v2/dlq");
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(3);
  });

  test("a bulk call capped by count is repeated after a refused connection, not after a reset one", async () => {
    const query = { messageIds: ["a"], count: 10 };
    const again = scripted([() => Promise.reject(refused()), () => Response.json({ cancelled: 1 })]);
    expect((await again.client.DELETE("/v2/messages", { params: { query } })).data).toEqual({ cancelled: 1 });
    expect(again.seen).toHaveLength(2);
    const once = scripted([() => Promise.reject(reset()), () => Response.json({ cancelled: 1 })]);
    const error = await once.client.DELETE("/v2/messages", { params: { query } }).catch((e: unknown) => e);
    expect((error as QStashTransportError).failure).toBe("reset");
    expect(once.seen).toHaveLength(1);
  });

  test("a count-capped bulk call answered 503 is not repeated (it may have acted); a 429 is", async () => {
    const query = { messageIds: ["a"], count: 10 };
    const busy = scripted([() => new Response("down", { status: 503 }), () => Response.json({ cancelled: 1 })]);
    expect((await busy.client.DELETE("/v2/messages", { params: { query } })).response.status).toBe(503);
    expect(busy.seen).toHaveLength(1);
    const limited = scripted([() => new Response("slow down", { status: 429 }), () => Response.json({ cancelled: 1 })]);
    expect((await limited.client.DELETE("/v2/messages", { params: { query } })).data).toEqual({ cancelled: 1 });
    expect(limited.seen).toHaveLength(2);
  });
});

describe("past the default deadline", () => {
  test("an answer that comes late is not retried: nothing more is sent", async () => {
    vi.useFakeTimers();
    let answer!: (response: Response) => void;
    const late = () => new Promise<Response>((resolve) => (answer = resolve));
    const lines: string[] = [];
    const retry = { baseDelay: 1, attempts: 4, maxElapsed: 600_000 };
    const { client, seen } = scripted([late, () => Response.json({})], {
      retry,
      log: (line: string) => lines.push(line),
    });
    const call = client.GET("/v2/dlq").catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(30_000);
    const error = await call;
    expect((error as QStashTransportError).failure).toBe("timeout");
    answer(new Response("busy", { status: 503 }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(seen).toHaveLength(1);
    expect(lines).toEqual([]); // not even a retry planned
  });
});

describe("what a fetch rejects with", () => {
  test("a string holding the token reaches the error's cause masked", async () => {
    const client = createQStashClient({
      token: TOKEN,
      auth: "query",
      baseUrl: BASE,
      retry: false,
      fetch: (r) => Promise.reject(`could not reach ${r.url}`),
    }) as any;
    const error = await client.GET("/v2/dlq").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QStashTransportError);
    expect(error.cause).toBe(`could not reach ${BASE}/v2/dlq?qstash_token=[redacted]`);
    expect(JSON.stringify(error.cause) + String(error)).not.toContain(TOKEN);
  });

  test("a string the caller aborts with is handed back masked as well", async () => {
    const controller = new AbortController();
    controller.abort(`stop ${TOKEN}`);
    const client = createQStashClient({
      token: TOKEN,
      baseUrl: BASE,
      retry: false,
      fetch: () => Promise.reject(controller.signal.reason),
    }) as any;
    const error = await client.GET("/v2/dlq", { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBe("stop [redacted]");
  });
});

describe("the token", () => {
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
});
