import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Progress } from "../scripts/lib/progress.ts";
import { failedRun, timedRun } from "./child.ts";
import type { Measure } from "./measure.ts";
import { figureOf, ROOT } from "./results.ts";
import { grouped, median, medianOf } from "./stats.ts";

// tsc runs for a second or so: execFile, not a guarded child, so that a guard's start does not
// weigh on so short a figure (an interrupted bench leaves at most one tsc, which ends by itself).
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const run = promisify(execFile);

/** A consumer making ten typed calls against the full spec, through the published declarations. */
const TEN_CALLS = `
import { createQStashClient } from "qstash-contract-client";
const q = createQStashClient({ token: "t" });
export async function tenCalls() {
  const dlq = await q.GET("/v2/dlq", { params: { query: { label: ["a"], count: 10 } } });
  const cancelled = await q.DELETE("/v2/messages", { params: { query: { queueName: ["q"] } } });
  const published = await q.POST("/v2/publish/{destination}", { params: { path: { destination: "https://example.com" } }, body: "hi", headers: { "Content-Type": "text/plain" } });
  await q.POST("/v2/queues", { body: { queueName: "q", parallelism: 2 } });
  const schedules = await q.GET("/v2/schedules");
  const message = await q.GET("/v2/messages/{messageId}", { params: { path: { messageId: "m" } } });
  await q.DELETE("/v2/dlq/{dlqId}", { params: { path: { dlqId: "d" } } });
  const logs = await q.GET("/v2/logs", { params: { query: { count: 5 } } });
  await q.DELETE("/v2/dlq", { all: true });
  const runs = await q.GET("/v2/workflows/logs");
  return [dlq.data?.messages, cancelled.data?.cancelled, published.data, schedules.data, message.data, logs.data, runs.data];
}
`;
const IMPORT_ONLY = `import { createQStashClient } from "qstash-contract-client";\nexport const q = createQStashClient({ token: "t" });\n`;
/** The same project with nothing of ours: what the compiler spends on the lib files alone. */
const EMPTY = "export {};\n";

type Consumer = "empty project (lib files only)" | "import only" | "ten typed calls";
const CONSUMERS: [Consumer, string][] = [
  ["empty project (lib files only)", EMPTY],
  ["import only", IMPORT_ONLY],
  ["ten typed calls", TEN_CALLS],
];

interface TypeCheckRow {
  consumer: Consumer;
  skipLibCheck: boolean;
  /** tsc wall time of each counted round, and their median. */
  samples: number[];
  ms: number;
  /** Deterministic, whatever the machine's load: what the compiler built. */
  types: number;
  instantiations: number;
}

/**
 * tsc on a consumer project as a user has it: the package packed (`npm pack`, which builds it first)
 * and installed from the tarball into a fresh temp project (strict, NodeNext, lib ES2023 + DOM).
 * Six configurations (three consumers, skipLibCheck off and on: off checks our declarations and the
 * lib files too, on is the `tsc --init` default), each a fresh tsc process, interleaved round by
 * round after one warm-up round that is not counted (a cold disk cache would otherwise land on
 * whichever runs first); median of `rounds`. The empty project is the floor: the lib files' own
 * cost, which no package can lower.
 */
async function benchTypeCheck(rounds = 3, progress?: Progress): Promise<TypeCheckRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "qstash-tsc-"));
  try {
    progress?.note("npm pack, then npm install of the tarball into a temp project");
    const packed = await timedRun("npm", ["pack", "--silent", "--pack-destination", dir]);
    if (packed.code !== 0) throw failedRun("npm pack", packed);
    const tarball = (await readdir(dir)).find((name) => name.endsWith(".tgz"))!;
    await writeFile(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    const installed = await timedRun(
      "npm",
      ["install", "--offline", "--no-audit", "--no-fund", "--silent", `./${tarball}`],
      {
        cwd: dir,
      },
    );
    if (installed.code !== 0) throw failedRun("npm install of the packed tarball", installed);
    const configs = await Promise.all(
      [false, true].flatMap((skipLibCheck) =>
        CONSUMERS.map(async ([consumer, source], index) => {
          await writeFile(join(dir, `consumer${index}.ts`), source);
          const file = `tsconfig.${index}.${skipLibCheck ? "skip" : "full"}.json`;
          const compilerOptions = { ...COMPILER_OPTIONS, skipLibCheck };
          await writeFile(join(dir, file), JSON.stringify({ compilerOptions, files: [`consumer${index}.ts`] }));
          return { consumer, skipLibCheck, file, samples: [] as number[], types: 0, instantiations: 0 };
        }),
      ),
    );
    for (let round = 0; round <= rounds; round++) {
      progress?.count(round, rounds + 1, "rounds (the first a warm-up)");
      for (const config of configs) {
        const started = performance.now();
        const { stdout } = await run(process.execPath, [TSC, "-p", config.file, "--extendedDiagnostics"], { cwd: dir });
        if (round > 0) config.samples.push(performance.now() - started);
        const read = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(stdout)?.[1]);
        [config.types, config.instantiations] = [read("Types"), read("Instantiations")];
      }
      const times = (skip: boolean) =>
        configs
          .filter((c) => c.skipLibCheck === skip)
          .map((c) => Math.round(c.samples.at(-1)!))
          .join(" / ");
      progress?.line(
        round === 0
          ? "  ✔ type-check warm-up round (not counted)"
          : `  ✔ type-check round ${round}/${rounds}: skipLibCheck off ${times(false)} ms, on ${times(true)} ms (lib files alone / import / ten calls)`,
      );
    }
    return configs.map(({ consumer, skipLibCheck, samples, types, instantiations }) => ({
      consumer,
      skipLibCheck,
      samples,
      ms: median(samples),
      types,
      instantiations,
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const COMPILER_OPTIONS = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  noEmit: true,
  lib: ["ES2023", "DOM", "DOM.Iterable"],
  types: [],
};

const TARGET_MS = 1000;
const nameOf = (consumer: Consumer, skipLibCheck: boolean) =>
  `${consumer}, skipLibCheck ${skipLibCheck ? "on" : "off"}`;

export const typeCheckMeasure: Measure = {
  id: "type-check",
  title: "consumer type check, the packed package installed into a fresh project",
  target: "import + ten calls < 1 s",
  about: "tsc on a consumer of the packed package, 3 consumers × skipLibCheck off/on; a round: the six, interleaved",
  defaultRuns: 3,
  runNoun: "round",
  async run(rounds, progress) {
    const rows = await benchTypeCheck(rounds, progress);
    return {
      runs: rounds,
      statistic: `${medianOf(rounds, "round")} of fresh tsc runs, interleaved, after a warm-up round`,
      sideBySide: rows.map((r) => nameOf(r.consumer, r.skipLibCheck)),
      figures: rows.map((r) => ({
        name: nameOf(r.consumer, r.skipLibCheck),
        value: r.ms,
        unit: "ms",
        samples: r.samples,
        extra: { types: r.types, instantiations: r.instantiations },
      })),
    };
  },
  cells(result) {
    const ms = (consumer: Consumer, skip: boolean) => figureOf(result, nameOf(consumer, skip)).value;
    const shown = (consumer: Consumer, skip: boolean) => `${grouped(ms(consumer, skip))} ms`;
    const verdict = (skip: boolean) =>
      `${ms("ten typed calls", skip) < TARGET_MS ? "met" : "missed"} with skipLibCheck ${skip ? "on" : "off"}`;
    return {
      figures:
        `skipLibCheck off: lib files alone ${shown("empty project (lib files only)", false)}, import ${shown("import only", false)}, ten typed calls ${shown("ten typed calls", false)} · ` +
        `skipLibCheck on: ${grouped(ms("empty project (lib files only)", true))} / ${grouped(ms("import only", true))} / **${shown("ten typed calls", true)}**`,
      verdict:
        `**${verdict(true)}, ${verdict(false)}**` +
        (ms("empty project (lib files only)", false) >= TARGET_MS ? " (the lib files alone take longer)" : ""),
    };
  },
};
