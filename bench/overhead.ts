import { Client } from "@upstash/qstash";
import { createQStashClient } from "../src/index.ts";
import { startLoopback } from "./loopback-server.ts";
import { median } from "./stats.ts";

export interface OverheadRow {
  name: string;
  medianUs: number;
  ratio: number;
  calls: number;
}

const TOKEN = "bench-token";

/**
 * Per-call time of the same request (GET /v2/dlq, JSON parsed) through raw fetch, this client
 * and @upstash/qstash against one loopback server. Contenders run interleaved, in a rotating
 * order, round after round, so that drift (JIT, GC, CPU frequency) hits all of them alike.
 */
export async function benchOverhead({ rounds = 30, perRound = 200, warmup = 1000 } = {}): Promise<OverheadRow[]> {
  const server = await startLoopback();
  try {
    // Defaults: the 30 s default timeout, kept by a timer and a race, without an AbortSignal.
    const ours = createQStashClient({ token: TOKEN, baseUrl: server.url });
    const oursUnbounded = createQStashClient({ token: TOKEN, baseUrl: server.url, timeout: Infinity });
    // An explicit timeout aborts the connection too: fetch follows an AbortSignal.
    const oursTimed = createQStashClient({ token: TOKEN, baseUrl: server.url, timeout: 30_000 });
    const sdk = new Client({ token: TOKEN, baseUrl: server.url });
    const contenders: [string, () => Promise<unknown>][] = [
      [
        "raw fetch",
        () => fetch(`${server.url}/v2/dlq`, { headers: { Authorization: `Bearer ${TOKEN}` } }).then((r) => r.json()),
      ],
      ["createQStashClient", () => ours.GET("/v2/dlq").then((r) => r.data)],
      ["createQStashClient, timeout: Infinity", () => oursUnbounded.GET("/v2/dlq").then((r) => r.data)],
      ["createQStashClient, timeout: 30 s", () => oursTimed.GET("/v2/dlq").then((r) => r.data)],
      ["@upstash/qstash", () => sdk.dlq.listMessages()],
    ];
    for (const [, call] of contenders) for (let i = 0; i < warmup; i++) await call();
    const samples = contenders.map(() => [] as number[]);
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < contenders.length; k++) {
        const index = (round + k) % contenders.length;
        const call = contenders[index]![1];
        for (let i = 0; i < perRound; i++) {
          const started = process.hrtime.bigint();
          await call();
          samples[index]!.push(Number(process.hrtime.bigint() - started) / 1000);
        }
      }
    }
    const base = median(samples[0]!);
    return contenders.map(([name], i) => ({
      name,
      medianUs: median(samples[i]!),
      ratio: median(samples[i]!) / base,
      calls: samples[i]!.length,
    }));
  } finally {
    await server.close();
  }
}
