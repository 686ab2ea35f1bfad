import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { median } from "./stats.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
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

/**
 * tsc wall time on a consumer project (fresh process each run, strict, skipLibCheck off so our
 * declarations are checked too), median of `runs`; and the same project with only the import,
 * so the ten calls' own cost shows. Needs dist/types (npm run build).
 */
export async function benchTypeCheck(runs = 5): Promise<{ tenCallsMs: number; importOnlyMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), "qstash-tsc-"));
  try {
    const time = async (source: string) => {
      await writeFile(join(dir, "consumer.ts"), source);
      await writeFile(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: false,
            lib: ["ES2023", "DOM", "DOM.Iterable"], types: [],
            paths: { "qstash-contract-client": [join(ROOT, "dist/types/src/index.d.ts")] },
          },
          files: ["consumer.ts"],
        }),
      );
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.json")], { cwd: dir });
        times.push(performance.now() - started);
      }
      return median(times);
    };
    return { tenCallsMs: await time(TEN_CALLS), importOnlyMs: await time(IMPORT_ONLY) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
