/**
 * With --allow-writes, a live run deletes what it created, and only that. A stand-in server with
 * state (queues, schedules, URL groups, messages; some of them the account's own from before the
 * run) sits behind the real gate and Prism's proxy; a suite creates things the way the operations
 * suite would. Afterwards the run's things are gone and the account's own are untouched.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Suite } from "../../../scripts/contract/suite.ts";
import { staleCreations } from "../../../scripts/live/cleanup.ts";
import { runLive, type LiveResult } from "../../../scripts/live/run-live.ts";
import { describeOperations } from "../../../scripts/spec/operations-module.ts";

const TOKEN = "cleanup-secret-5e9b";
const HOOK = encodeURIComponent("https://example.com/hook");

/** The account: what exists, by kind. The account's own things are there before the run. */
const state = {
  queues: new Set(["user-queue"]),
  schedules: new Set(["user-schedule"]),
  groups: new Set(["user-group"]),
  messages: new Set(["user-msg"]),
  runs: new Set(["user-run"]),
};
/** DELETE calls answered 500, to see a clean-up that fails. */
const failingDeletes = new Set<string>();
let counter = 0;
let server: Server;
let serverUrl: string;

function answer(
  method: string,
  path: string,
  body: string,
  headers: Record<string, string | string[] | undefined>,
): [number, unknown?] {
  const [, , kind, name] = path.split("/").map(decodeURIComponent);
  const has = (set: Set<string>) => (set.has(name) ? [200, {}] : [404, { error: "not found" }]) as [number, unknown];
  const drop = (set: Set<string>, answer?: unknown): [number, unknown?] =>
    failingDeletes.has(path)
      ? [500, { error: "failed" }]
      : set.delete(name)
        ? [answer ? 202 : 200, answer]
        : [404, { error: "not found" }];
  if (method === "POST" && path === "/v2/queues") return (state.queues.add(JSON.parse(body).queueName), [200]);
  if (kind === "queues" && method === "GET") return has(state.queues);
  if (kind === "queues" && method === "DELETE") return drop(state.queues);
  if (kind === "topics" && method === "GET") return has(state.groups);
  if (kind === "topics" && method === "POST") return (state.groups.add(name), [200]);
  if (kind === "topics" && method === "DELETE") return drop(state.groups);
  if (kind === "schedules" && method === "GET") return has(state.schedules);
  if (kind === "schedules" && method === "DELETE") return drop(state.schedules);
  if (kind === "schedules" && method === "POST") {
    const id = String(headers["upstash-schedule-id"] ?? `sched-${++counter}`);
    return (state.schedules.add(id), [200, { scheduleId: id }]);
  }
  if (kind === "publish" || kind === "enqueue") {
    if (kind === "enqueue" && !state.queues.has(name)) state.queues.add(name);
    const id = `msg-${++counter}`;
    return (state.messages.add(id), [200, { messageId: id }]);
  }
  if (kind === "messages" && method === "DELETE") return drop(state.messages, { cancelled: 1 });
  if (kind === "trigger") {
    const id = `run-${++counter}`;
    return (state.runs.add(id), [200, { workflowRunId: id }]);
  }
  if (kind === "workflows" && method === "DELETE")
    return state.runs.delete(path.split("/").pop()!) ? [200] : [404, { error: "not found" }];
  // A notify answers with the account's own waiting runs and messages: none of that is the run's.
  const waiter = { url: "https://example.com", deadline: 1, headers: {} };
  if (kind === "notify") return [201, [{ waiter, messageId: "user-msg", workflowRunId: "user-run" }]];
  return [404, { error: `no ${method} ${path} here` }];
}

/** Creates things the way the operations suite's write cases would, through the gate. */
const creator: Suite = async (context) => {
  const calls: [string, string, unknown, Record<string, string>?][] = [
    ["POST", "/v2/queues", { queueName: "run-queue", parallelism: 1 }],
    ["POST", "/v2/queues", { queueName: "user-queue", parallelism: 5 }],
    ["POST", `/v2/publish/${HOOK}`, { hello: 1 }],
    ["POST", `/v2/publish/${HOOK}`, { hello: 2 }],
    ["POST", `/v2/enqueue/user-queue/${HOOK}`, { hello: 3 }],
    ["POST", `/v2/enqueue/fresh-queue/${HOOK}`, { hello: 4 }],
    ["POST", `/v2/schedules/${HOOK}`, { hello: 5 }, { "Upstash-Cron": "* * * * *" }],
    [
      "POST",
      `/v2/schedules/${HOOK}`,
      { hello: 6 },
      { "Upstash-Cron": "* * * * *", "Upstash-Schedule-Id": "user-schedule" },
    ],
    ["POST", "/v2/topics/run-group/endpoints", { endpoints: [{ url: "https://example.com/a" }] }],
    ["POST", "/v2/topics/user-group/endpoints", { endpoints: [{ url: "https://example.com/b" }] }],
    ["POST", `/v2/trigger/${HOOK}`, { start: true }],
    ["POST", "/v2/notify/event-1", { data: 1 }],
  ];
  const cases = [];
  for (const [method, target, body, headers] of calls) {
    const response = await fetch(`${context.baseUrl}${target}`, {
      method,
      headers: { Authorization: `Bearer ${context.token}`, "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    const evidence = [`status ${response.status}`, await response.text()];
    cases.push({
      id: `${method} ${target} ${JSON.stringify(headers ?? {})}`,
      group: "creator",
      name: target,
      ok: true,
      evidence,
      durationMs: 0,
    });
  }
  return { suite: "creator", cases, markdown: "", summary: "" };
};

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const [status, body] = answer(
        request.method ?? "GET",
        (request.url ?? "/").split("?")[0],
        Buffer.concat(chunks).toString(),
        request.headers,
      );
      response.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("the clean-up of a live run with writes", () => {
  // Both runs happen before any test, so each test reads its own run whatever the order.
  let result: LiveResult;
  let failing: LiveResult;
  let stateAfter: unknown;
  beforeAll(async () => {
    result = await runLive({
      suites: { creator },
      upstream: serverUrl,
      token: TOKEN,
      allowWrites: true,
      preflight: false,
    });
    stateAfter = structuredClone(state);
    failingDeletes.add("/v2/queues/run-queue");
    failing = await runLive({
      suites: { creator },
      upstream: serverUrl,
      token: TOKEN,
      allowWrites: true,
      preflight: false,
    });
  }, 120_000);
  const cleanup = () =>
    result.live.cases
      .filter((c) => c.group === "cleanup")
      .map((c) => c.name)
      .sort();

  it("deletes every queue, schedule, URL group, message and run the run created", () => {
    expect(cleanup()).toEqual([
      "messageId msg-1 (created by POST /v2/publish/{destination}): deleted",
      "messageId msg-2 (created by POST /v2/publish/{destination}): deleted",
      "messageId msg-3 (created by POST /v2/enqueue/{queueName}/{destination}): deleted",
      "messageId msg-4 (created by POST /v2/enqueue/{queueName}/{destination}): deleted",
      "queueName fresh-queue (created by POST /v2/enqueue/{queueName}/{destination}): deleted",
      "queueName run-queue (created by POST /v2/queues): deleted",
      "scheduleId sched-5 (created by POST /v2/schedules/{scheduleId}): deleted",
      "urlGroupName run-group (created by POST /v2/topics/{urlGroupName}/endpoints): deleted",
      "workflowRunId run-6 (created by POST /v2/trigger/{workflowUrl}): deleted",
    ]);
    expect(result.live.summary).toContain("cleanup: 9 created, 9 deleted or already gone, 0 left behind");
  });

  it("leaves the account's own things alone, and never writes to a name it did not create", () => {
    expect(stateAfter).toEqual({
      queues: new Set(["user-queue"]),
      schedules: new Set(["user-schedule"]),
      groups: new Set(["user-group"]),
      messages: new Set(["user-msg"]),
      runs: new Set(["user-run"]),
    });
    const held = result.live.cases
      .filter((c) => c.name.startsWith("held back: resource not the run's"))
      .flatMap((c) => c.evidence.slice(1));
    expect(held.join("\n")).toContain('queueName "user-queue" exists already and the run did not create it');
    expect(held.join("\n")).toContain('urlGroupName "user-group" exists already');
    expect(held.join("\n")).toContain('upstash-schedule-id "user-schedule" exists already');
  });

  it("reports what it could not delete as a failure, with the call that would", () => {
    const left = failing.live.cases.filter((c) => c.group === "cleanup" && !c.ok);
    expect(left.map((c) => [c.name, c.evidence[0], c.consequence])).toEqual([
      [
        "queueName run-queue (created by POST /v2/queues): left behind",
        "DELETE /v2/queues/run-queue → 500",
        "still on the account: delete it with DELETE /v2/queues/{queueName}",
      ],
    ]);
    expect(failing.live.summary).toContain("1 left behind");
    expect(JSON.stringify([result, failing])).not.toContain(TOKEN);
  });
});

describe("the clean-up table", () => {
  it("names only operations the description has", () => {
    const description = JSON.parse(readFileSync("generated/qstash.openapi.json", "utf8"));
    expect(staleCreations(describeOperations(description))).toEqual([]);
  });
});
