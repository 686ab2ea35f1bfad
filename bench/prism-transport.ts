/**
 * How the operations suite should reach Prism: the same cases (one seed, 100 requests per positive
 * property) against each way of running Prism's mock, interleaved round after round, medians of
 * wall and CPU time. Every variant must give the same verdicts (failures are counted and shown).
 * Usage: node --import tsx bench/prism-transport.ts [rounds] [variant-name-substring]
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { generateCases, DEFAULT_RUNS } from "../scripts/contract/operations/cases.ts";
import type { RunContext } from "../scripts/contract/operations/run-case.ts";
import { createSchemaValidator } from "../scripts/contract/operations/schema-validator.ts";
import { runAll } from "../scripts/contract/operations/suite.ts";
import { MOCKED_SPEC, startPrism, transportFor, type RunningPrism } from "../scripts/contract/prism.ts";
import type { Transport } from "../scripts/contract/in-process-fetch.ts";
import { machineLoad, ownCpuSeconds, processGroupCpuSeconds } from "./cpu.ts";
import { median } from "./stats.ts";

const SEED = 20261125;
const HTTP: Transport = { fetch: globalThis.fetch, Request: globalThis.Request };

interface Variant {
  name: string;
  /** Starts what the suite talks to; returns the base URL, the transport, the CPU outside this process, and a stop. */
  start(): Promise<{ baseUrl: string; transport: Transport; outsideCpu: () => number; stop: () => Promise<void> }>;
  concurrency?: number;
}

const cli = (): Variant["start"] => async () => {
  const prism = await startPrism({ engine: "cli" });
  return {
    baseUrl: prism.url,
    transport: HTTP,
    outsideCpu: () => processGroupCpuSeconds(prism.pid!) ?? NaN,
    stop: () => prism.stop(),
  };
};

/** Two CLI processes, requests alternating between them (fetch keeps connections alive). */
const twoClis = (): Variant["start"] => async () => {
  const prisms = await Promise.all([startPrism({ engine: "cli" }), startPrism({ engine: "cli" })]);
  let turn = 0;
  const fetchEither = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const target = prisms[turn++ % prisms.length].url;
    const url = new URL(request.url);
    const body = request.body ? await request.arrayBuffer() : undefined;
    return fetch(`${target}${url.pathname}${url.search}`, { method: request.method, headers: request.headers, body });
  }) as typeof fetch;
  return {
    baseUrl: prisms[0].url,
    transport: { fetch: fetchEither, Request: globalThis.Request },
    outsideCpu: () => prisms.reduce((n, p) => n + (processGroupCpuSeconds(p.pid!) ?? NaN), 0),
    stop: async () => void (await Promise.all(prisms.map((p) => p.stop()))),
  };
};

const engine =
  (workers: number, overHttp: boolean): Variant["start"] =>
  async () => {
    const prism: RunningPrism = await startPrism({ workers });
    return {
      baseUrl: prism.url,
      transport: overHttp ? HTTP : transportFor(prism.url),
      outsideCpu: () => 0,
      stop: () => prism.stop(),
    };
  };

const VARIANTS: Variant[] = [
  { name: "prism mock (CLI process), HTTP keep-alive", start: cli() },
  { name: "2 prism mock processes, HTTP keep-alive, alternating", start: twoClis() },
  { name: "engine, 1 worker thread, over its HTTP server", start: engine(1, true) },
  { name: "engine on the main thread, no socket", start: engine(0, false) },
  { name: "engine, 1 worker thread, no socket (default)", start: engine(1, false) },
  { name: "engine, 2 worker threads, no socket", start: engine(2, false) },
  { name: "engine, 1 worker thread, no socket, 16 in flight", start: engine(1, false), concurrency: 16 },
  { name: "engine, 1 worker thread, no socket, 4 in flight", start: engine(1, false), concurrency: 4 },
];

interface Sample {
  wallMs: number;
  cpuSeconds: number;
  startMs: number;
  failed: number;
  requests: number;
}

async function measure(variant: Variant, description: Record<string, any>): Promise<Sample> {
  const { cases } = generateCases(description, { seed: SEED, numRuns: DEFAULT_RUNS });
  const startedAt = performance.now();
  const server = await variant.start();
  const startMs = performance.now() - startedAt;
  const validator = createSchemaValidator(description);
  const run: RunContext = {
    baseUrl: server.baseUrl,
    transport: server.transport,
    token: "bench-token",
    validator,
    seed: SEED,
    numRuns: DEFAULT_RUNS,
  };
  const outsideBefore = server.outsideCpu();
  const cpuBefore = ownCpuSeconds();
  const began = performance.now();
  const results = await runAll(cases, run, variant.concurrency);
  const wallMs = performance.now() - began;
  const cpuSeconds = ownCpuSeconds() - cpuBefore + (server.outsideCpu() - outsideBefore);
  await server.stop();
  const failed = results.filter((r) => !r.ok);
  for (const f of failed.slice(0, 3))
    process.stderr.write(`  ✖ ${variant.name}: ${f.id}: ${f.evidence[0]?.slice(0, 300)}\n`);
  return { wallMs, cpuSeconds, startMs, failed: failed.length, requests: results.reduce((n, r) => n + r.requests, 0) };
}

const rounds = Number(process.argv[2] ?? 3);
const only = process.argv[3];
const chosen = VARIANTS.filter((v) => !only || v.name.includes(only));
if (!Number.isInteger(rounds) || rounds < 1 || chosen.length === 0) {
  process.stderr.write("usage: node --import tsx bench/prism-transport.ts [rounds ≥ 1] [variant-name-substring]\n");
  process.exit(2);
}
const description = JSON.parse(readFileSync(MOCKED_SPEC, "utf8"));
const cores = availableParallelism();
const loadBefore = machineLoad(cores);
const samples = new Map<string, Sample[]>(chosen.map((v) => [v.name, []]));
for (let round = 0; round < rounds; round++) {
  // Rotate the order so that drift (other load, heat) hits every variant alike.
  const order = chosen.map((_, i) => chosen[(i + round) % chosen.length]);
  for (const variant of order) {
    const sample = await measure(variant, description);
    samples.get(variant.name)!.push(sample);
    const figures = `${(sample.wallMs / 1000).toFixed(2)} s wall, ${sample.cpuSeconds.toFixed(2)} s CPU`;
    process.stderr.write(`✔ [${round + 1}/${rounds}] ${variant.name}: ${figures}\n`);
  }
}
const rows = chosen.map((v) => {
  const list = samples.get(v.name)!;
  const seconds = (pick: (s: Sample) => number, scale = 1) => (median(list.map(pick)) / scale).toFixed(2);
  const failed = Math.max(...list.map((s) => s.failed));
  return `| ${v.name} | ${list.at(-1)!.requests} | ${seconds((s) => s.wallMs, 1000)} | ${seconds((s) => s.cpuSeconds)} | ${seconds((s) => s.startMs, 1000)} | ${failed} |`;
});
process.stdout.write(
  [
    `### Reaching Prism: the operations suite's ${samples.get(chosen[0].name)![0].requests} requests (seed ${SEED}), ` +
      `median of ${rounds} interleaved rounds`,
    "",
    "| how Prism runs | requests | wall s | CPU s (all threads and processes) | start s | failed cases |",
    "|---|--:|--:|--:|--:|--:|",
    ...rows,
    "",
    `Machine: before ${loadBefore}; after ${machineLoad(cores)}.`,
    "",
  ].join("\n"),
);
