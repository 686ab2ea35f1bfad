/**
 * `npm run bench`: per-call overhead (raw fetch, this client, @upstash/qstash, interleaved, one
 * loopback server), bundle size min+gz, consumer type-check time; then the spec suite's wall
 * time from bench/suite-time.ts when that file exists. Prints Markdown. Targets are reported,
 * never asserted: timings do not belong in tests.
 */
import { progress } from "../scripts/lib/progress.ts";
import { runCommand } from "../scripts/lib/cli.ts";
import { benchOverhead } from "./overhead.ts";
import { benchSize } from "./size.ts";
import { benchSuiteTime } from "./suite-time.ts";
import { benchTypeCheck } from "./type-check-time.ts";
import { benchVerifyTime } from "./verify-time.ts";
import { benchSyncTime, syncTimeRows } from "./sync-time.ts";

const OVERHEAD_TARGET = 1.1;
const SIZE_TARGET = 4 * 1024;

const COMMAND = {
  usage: "usage: npm run bench",
  help: `Measures, contenders interleaved and medians reported: per-call overhead, bundle size, consumer
type-check time, the main job's wall time, the sync's and the whole suite's. Takes no arguments;
BENCH_VERIFY_RUNS, BENCH_SYNC_RUNS, BENCH_SYNC_SUITE_RUNS and BENCH_SUITE_RUNS set the number of runs.`,
};

await runCommand(COMMAND, async () => {
  const step = progress(6);
  const overhead = await step("per-call overhead (interleaved rounds)", () => benchOverhead());
  const sizes = await step("bundle sizes (esbuild, gzip -9)", () => benchSize());
  const tsc = await step("consumer type-check time (npm pack, installed into a temp project; tsc, median of 5)", () =>
    benchTypeCheck(),
  );
  const verify = await step("main job wall time (npm run verify, median of 5)", () =>
    benchVerifyTime(Number(process.env.BENCH_VERIFY_RUNS ?? 5)),
  );
  const sync = await step("sync wall time (npm run sync of the newest published pair)", () =>
    benchSyncTime(Number(process.env.BENCH_SYNC_RUNS ?? 5), Number(process.env.BENCH_SYNC_SUITE_RUNS ?? 3)),
  );
  // The suite's own failure must not hide the numbers above: print them, then exit non-zero.
  let suiteFailure: unknown;
  const suite = await step("whole test suite wall time (bench/suite-time.ts)", () =>
    benchSuiteTime(Number(process.env.BENCH_SUITE_RUNS ?? 3)).catch((error: unknown) => {
      suiteFailure = error;
      return undefined;
    }),
  );

  const raw = overhead[0]!;
  const ours = overhead.find((r) => r.name === "createQStashClient")!; // defaults: the 30 s bound needs no signal
  const sdk = overhead.find((r) => r.name === "@upstash/qstash")!;
  const lines = [
    `### Per-call time, GET /v2/dlq on loopback (median of ${raw.calls} calls each, interleaved)`,
    "",
    "| contender | median µs | overhead vs raw fetch µs | ratio to raw fetch |",
    "|---|---:|---:|---:|",
    ...overhead.map(
      (r) =>
        `| ${r.name} | ${r.medianUs.toFixed(1)} | ${(r.medianUs - raw.medianUs).toFixed(1)} | ${r.ratio.toFixed(3)}× |`,
    ),
    "",
    `Target ≤ ${OVERHEAD_TARGET.toFixed(2)}× raw fetch and below the SDK: ${ours.ratio <= OVERHEAD_TARGET && ours.medianUs < sdk.medianUs ? "met" : `missed (${ours.ratio.toFixed(3)}×, SDK ${sdk.ratio.toFixed(3)}×)`}.`,
    "",
    "### Bundle size (esbuild --minify, tree-shaken, gzip -9)",
    "",
    "| bundle | minified B | min+gz B |",
    "|---|---:|---:|",
    ...sizes.map((s) => `| ${s.name} | ${s.minified} | ${s.gzipped} |`),
    "",
    (() => {
      const full = sizes[0]!;
      return `Target ≤ ${SIZE_TARGET} B min+gz for the client entry: ${full.gzipped <= SIZE_TARGET ? "met" : `missed by ${full.gzipped - SIZE_TARGET} B`} (${full.gzipped} B).`;
    })(),
    "",
    "### Consumer type-check time (the packed package installed into a temp project; tsc, strict, lib ES2023 + DOM, median of 5 fresh runs)",
    "",
    "| consumer | skipLibCheck | ms | over the empty project ms | types | instantiations |",
    "|---|---|---:|---:|---:|---:|",
    ...tsc.map((row) => {
      const floor = tsc.find((r) => r.skipLibCheck === row.skipLibCheck && r.consumer.startsWith("empty"))!;
      return `| ${row.consumer} | ${row.skipLibCheck ? "on" : "off"} | ${row.ms.toFixed(0)} | ${(row.ms - floor.ms).toFixed(0)} | ${row.types} | ${row.instantiations} |`;
    }),
    "",
    `Target < 1,000 ms for import + ten calls: ${(() => {
      const ten = tsc.filter((r) => r.consumer === "ten typed calls");
      return ten
        .map(
          (r) =>
            `${r.ms < 1000 ? "met" : "missed"} with skipLibCheck ${r.skipLibCheck ? "on" : "off"} (${r.ms.toFixed(0)} ms)`,
        )
        .join("; ");
    })()}.`,
    "",
    `### Main job wall time (npm run verify: generate, Prism start, every suite, reports)\n\nmedian ${(verify.medianMs / 1000).toFixed(2)} s over ${verify.runs.length} runs (${verify.runs.map((ms) => (ms / 1000).toFixed(2)).join(" s, ")} s)`,
    "",
    "### Sync wall time (npm run sync of the newest published pair, in a temp copy of the project)",
    "",
    ...syncTimeRows(sync),
    "",
    suite === undefined
      ? `_Whole-suite wall time not measured: ${String((suiteFailure as Error)?.message ?? suiteFailure).split("\n")[0]}_`
      : `### Whole test suite wall time (vitest run, Prism start included)\n\nmedian ${(suite.medianMs / 1000).toFixed(2)} s over ${suite.runsMs.length} runs (${suite.runsMs.map((ms) => (ms / 1000).toFixed(2)).join(" s, ")} s)`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return suiteFailure ? 1 : 0;
});
