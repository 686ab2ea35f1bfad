import { Client } from "@upstash/qstash";
import type { Progress } from "../scripts/lib/progress.ts";
import { createQStashClient } from "../src/index.ts";
import { startLoopback } from "./loopback-server.ts";
import type { Measure, Measurement } from "./measure.ts";
import { figureOf, type MeasureResult } from "./results.ts";
import { grouped, median } from "./stats.ts";

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
export async function benchOverhead(
  { rounds = 30, perRound = 200, warmup = 1000 } = {},
  progress?: Progress,
): Promise<OverheadRow[]> {
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
    progress?.note(`warming up (${warmup} calls each)`);
    for (const [, call] of contenders) for (let i = 0; i < warmup; i++) await call();
    const samples = contenders.map(() => [] as number[]);
    for (let round = 0; round < rounds; round++) {
      progress?.count(round, rounds, "rounds");
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

const TARGET_RATIO = 1.1;
const RAW = "raw fetch";
const OURS = "createQStashClient"; // defaults: the 30 s bound needs no signal
const SDK = "@upstash/qstash";

const PER_ROUND = 200;

/** What the rows of `rounds` rounds of `perRound` calls each are, as the results file keeps them. */
export function overheadMeasurement(rows: OverheadRow[], rounds: number, perRound: number): Measurement {
  const interleaved = rounds === 1 ? "1 round" : `${rounds} interleaved rounds`;
  return {
    runs: rounds,
    statistic: `median of ${grouped(rounds * perRound)} calls each, ${interleaved} of ${perRound}`,
    sideBySide: rows.map((r) => r.name),
    figures: rows.map((r) => ({ name: r.name, value: r.medianUs, unit: "µs", extra: { calls: r.calls } })),
  };
}

export const overheadMeasure: Measure = {
  id: "overhead",
  title: "per-call time, `GET /v2/dlq` on loopback",
  target: `≤ ${TARGET_RATIO.toFixed(2)}× raw fetch, below the SDK`,
  about:
    "per-call time of GET /v2/dlq on loopback: raw fetch, this client, @upstash/qstash; a round: 200 calls of each, interleaved",
  defaultRuns: 30,
  runNoun: "round",
  async run(rounds, progress) {
    return overheadMeasurement(await benchOverhead({ rounds, perRound: PER_ROUND }, progress), rounds, PER_ROUND);
  },
  cells(result: MeasureResult) {
    const raw = figureOf(result, RAW).value;
    const at = (name: string) => {
      const { value } = figureOf(result, name);
      return `${value.toFixed(1)} µs (${(value / raw).toFixed(3)}×)`;
    };
    const ours = figureOf(result, OURS).value;
    const met = ours / raw <= TARGET_RATIO && ours < figureOf(result, SDK).value;
    return {
      figures: [
        `${RAW} ${raw.toFixed(1)} µs`,
        `**${OURS} ${at(OURS)}**, with its 30 s default bound`,
        `\`timeout: Infinity\` ${at("createQStashClient, timeout: Infinity")}`,
        `with an explicit 30 s \`timeout\` (an AbortSignal) ${at("createQStashClient, timeout: 30 s")}`,
        `${SDK} ${at(SDK)}`,
      ].join(" · "),
      verdict: `**${met ? "met" : "missed"}**`,
    };
  },
};
