import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { median } from "./stats.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
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

export interface TypeCheckRow {
  consumer: "empty project (lib files only)" | "import only" | "ten typed calls";
  skipLibCheck: boolean;
  /** tsc wall time, median of the runs. */
  ms: number;
  /** Deterministic, whatever the machine's load: what the compiler built. */
  types: number;
  instantiations: number;
}

/**
 * tsc on a consumer project as a user has it: the package packed (`npm pack`, which builds it first)
 * and installed from the tarball into a fresh temp project (strict, NodeNext, lib ES2023 + DOM).
 * A fresh tsc process for each run, the consumers interleaved round by round after a warm-up round,
 * median of `runs`; with skipLibCheck off (our declarations and the
 * lib files checked too) and on (the `tsc --init` default). The empty project is the floor: the lib
 * files' own cost, which no package can lower.
 */
export async function benchTypeCheck(runs = 5): Promise<TypeCheckRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "qstash-tsc-"));
  try {
    await run("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: ROOT, maxBuffer: 1 << 24 });
    const tarball = (await readdir(dir)).find((name) => name.endsWith(".tgz"))!;
    await writeFile(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--silent", `./${tarball}`], { cwd: dir });
    const rows: TypeCheckRow[] = [];
    const consumers = [
      ["empty project (lib files only)", EMPTY],
      ["import only", IMPORT_ONLY],
      ["ten typed calls", TEN_CALLS],
    ] as const;
    for (const skipLibCheck of [false, true]) {
      // One tsconfig per consumer, so that the rounds can interleave them: each round runs every
      // consumer once, after one warm-up round that is not counted (a cold disk cache would
      // otherwise land on whichever consumer runs first).
      const configs = await Promise.all(
        consumers.map(async ([, source], index) => {
          await writeFile(join(dir, `consumer${index}.ts`), source);
          const config = `tsconfig.${index}.json`;
          const compilerOptions = {
            target: "ES2022",
            module: "NodeNext",
            moduleResolution: "NodeNext",
            strict: true,
            noEmit: true,
            skipLibCheck,
            lib: ["ES2023", "DOM", "DOM.Iterable"],
            types: [],
          };
          await writeFile(join(dir, config), JSON.stringify({ compilerOptions, files: [`consumer${index}.ts`] }));
          return config;
        }),
      );
      const times: number[][] = consumers.map(() => []);
      const counts = consumers.map(() => ({ types: 0, instantiations: 0 }));
      for (let round = 0; round <= runs; round++) {
        for (const [index, config] of configs.entries()) {
          const started = performance.now();
          const { stdout } = await run(process.execPath, [TSC, "-p", config, "--extendedDiagnostics"], { cwd: dir });
          if (round > 0) times[index]!.push(performance.now() - started);
          const read = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(stdout)?.[1]);
          counts[index] = { types: read("Types"), instantiations: read("Instantiations") };
        }
      }
      consumers.forEach(([consumer], index) =>
        rows.push({ consumer, skipLibCheck, ms: median(times[index]!), ...counts[index]! }),
      );
    }
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
