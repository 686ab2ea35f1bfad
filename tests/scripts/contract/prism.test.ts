import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, test } from "vitest";
import { startPrism, transportFor } from "../../../scripts/contract/prism.ts";

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe.concurrent("Prism CLI lifecycle (proxy mode, and mocks with engine: cli)", () => {
  test("stop() ends Prism's whole process group", async () => {
    const prism = await startPrism({ engine: "cli" });
    expect((await fetch(`${prism.url}/v2/dlq`)).status).toBe(401);
    expect(groupAlive(prism.pid!)).toBe(true);

    await prism.stop();

    expect(groupAlive(prism.pid!)).toBe(false);
  });

  test("a Prism whose owner is killed with SIGKILL goes away on its own", async () => {
    // node itself, with tsx as a loader: the tsx bin is a wrapper whose child would survive the kill.
    const owner = spawn(process.execPath, ["--import", "tsx", "tests/helpers/hold-prism.ts"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [line] = (await once(owner.stdout!, "data")) as [Buffer];
    const { pid } = JSON.parse(line.toString());
    expect(groupAlive(pid)).toBe(true);

    owner.kill("SIGKILL");

    expect(await waitUntil(() => !groupAlive(pid), 8000)).toBe(true);
  });

  test("a spec Prism cannot load fails fast with Prism's own words", async () => {
    await expect(startPrism({ engine: "cli", spec: "tests/fixtures/missing.json" })).rejects.toThrow(
      /Prism exited with code \d+ before answering[\s\S]*missing\.json/,
    );
  });

  test("a readiness timeout is a clear error and leaves no Prism behind", async () => {
    const before = Date.now();
    await expect(startPrism({ engine: "cli", readyTimeoutMs: 1 })).rejects.toThrow(
      /did not answer on http:\/\/127\.0\.0\.1:\d+ within 1 ms[\s\S]*fix:/,
    );
    expect(Date.now() - before).toBeLessThan(15_000);
  });
});

describe.concurrent("Prism mock in this process (the default engine)", () => {
  test("it serves HTTP on 127.0.0.1 and answers this process without a socket; stop() closes both", async () => {
    const prism = await startPrism({ workers: 1 });
    expect([prism.engine, prism.pid]).toEqual(["in-process", null]);
    const overHttp = await fetch(`${prism.url}/v2/dlq`);
    const transport = transportFor(prism.url);
    expect(transport.fetch).not.toBe(globalThis.fetch);
    const inProcess = await transport.fetch(`${prism.url}/v2/dlq`);
    expect([overHttp.status, inProcess.status]).toEqual([401, 401]);

    await prism.stop();

    await expect(fetch(`${prism.url}/v2/dlq`)).rejects.toThrow();
    expect(transportFor(prism.url).fetch).toBe(globalThis.fetch);
  });

  test("a spec Prism cannot load fails with Prism's own words and the fix", async () => {
    const missing = startPrism({ spec: "tests/fixtures/missing.json", workers: 1 });
    await expect(missing).rejects.toThrow(
      /Prism could not load tests\/fixtures\/missing\.json: [\s\S]*missing\.json[\s\S]*\nfix: /,
    );
  });

  test("a load that takes too long is a clear error", async () => {
    const slow = startPrism({ readyTimeoutMs: 1, workers: 1 });
    await expect(slow).rejects.toThrow(/Prism did not load generated\/qstash\.openapi\.json within 1 ms\nfix: /);
  });
});
