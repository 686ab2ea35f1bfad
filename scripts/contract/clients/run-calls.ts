import { redact } from "../../../src/redact.ts";
import type { OpenApiDocument } from "../../spec/build.ts";
import { mapConcurrent } from "../../lib/map-concurrent.ts";
import type { CaptureFile } from "../../captures/capture-types.ts";
import { callId, type SdkCall } from "./calls/call.ts";
import { QSTASH_JS, QSTASH_JS_CALLS, qstashClient } from "./calls/qstash-js.ts";
import { WORKFLOW_JS, WORKFLOW_JS_CALLS, workflowClient } from "./calls/workflow-js.ts";
import { concreteRequest } from "./captured.ts";
import type { CallOutcome } from "./judge.ts";
import type { Recorder } from "./recorder.ts";

/** How many calls run at once: enough to overlap waiting on the mock, few enough for two cores. */
const CONCURRENCY = 8;
/** Bound on what an SDK error message adds to the evidence. */
const MAX_ERROR_CHARS = 240;

export interface ClientCall {
  sdk: string;
  id: string;
  /** The public method, as a caller writes it. */
  method: string;
  variant?: string;
  outcome: CallOutcome;
  /** For a captured request: where in the SDK's source it is built. */
  source?: { repository: string; commit: string; file: string; line: number; delegatesTo?: string };
  /** SDK log lines the call printed (the SDKs log failed requests). */
  logged: string[];
}

interface LiveSdk<C> {
  sdk: string;
  calls: SdkCall<C>[];
  client: (baseUrl: string, token: string) => C;
}

export const LIVE_SDKS: LiveSdk<any>[] = [
  { sdk: QSTASH_JS, calls: QSTASH_JS_CALLS, client: qstashClient },
  { sdk: WORKFLOW_JS, calls: WORKFLOW_JS_CALLS, client: workflowClient },
];

/** Runs every TypeScript SDK call against the recorder; nothing else is reachable while they run. */
export async function runLiveCalls(recorder: Recorder, token: string): Promise<ClientCall[]> {
  const jobs = LIVE_SDKS.flatMap((live) => live.calls.map((call) => ({ live, call, id: callId(live.sdk, call) })));
  return sandboxed(recorder, async (logs) =>
    mapConcurrent(jobs, CONCURRENCY, async ({ live, call, id }) => {
      let error: string | undefined;
      try {
        await call.run(live.client(recorder.baseUrlFor(id), token));
      } catch (thrown) {
        error = redact(thrown instanceof Error ? thrown.message : String(thrown), token).slice(0, MAX_ERROR_CHARS);
      }
      const logged = logs.filter((line) => line.includes(encodeURIComponent(id)));
      return {
        sdk: live.sdk,
        id,
        method: call.method,
        variant: call.variant,
        outcome: { exchanges: recorder.take(id), error },
        logged,
      };
    }),
  );
}

/** Sends each captured request (Python, Go) through the same recorder, as its SDK would build it. */
export async function runCapturedCalls(
  recorder: Recorder,
  token: string,
  description: OpenApiDocument,
  files: CaptureFile[],
): Promise<ClientCall[]> {
  const jobs = files.flatMap((file) => uniqueIds(file).map(({ capture, id }) => ({ file, capture, id })));
  return mapConcurrent(jobs, CONCURRENCY, async ({ file, capture, id }) => {
    const request = concreteRequest(description, capture);
    const headers = { ...request.headers, Authorization: `Bearer ${token}` };
    const response = await fetch(`${recorder.baseUrlFor(id)}${request.target}`, {
      method: request.method,
      headers,
      body: request.body,
    });
    await response.arrayBuffer();
    const { repository, commit } = file;
    const source = { repository, commit, file: capture.file, line: capture.line, delegatesTo: capture.delegatesTo };
    return { sdk: file.sdk, id, method: capture.call, outcome: { exchanges: recorder.take(id) }, source, logged: [] };
  });
}

function uniqueIds(file: CaptureFile) {
  const seen = new Map<string, number>();
  return file.captures.map((capture) => {
    const base = `${file.sdk}:${capture.call}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { capture, id: count > 1 ? `${base}#${count}` : base };
  });
}

/**
 * While SDK code runs: fetch reaches loopback only (an SDK path that would leave the machine fails
 * instead), and the SDKs' console lines are collected rather than printed into the verify output.
 */
async function sandboxed<T>(recorder: Recorder, work: (logs: string[]) => Promise<T>): Promise<T> {
  const realFetch = globalThis.fetch;
  const saved = { log: console.log, warn: console.warn, error: console.error };
  const logs: string[] = [];
  const keep = (...args: unknown[]) => void logs.push(args.map(String).join(" "));
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost") {
      return Promise.reject(
        new Error(`clients suite: a request to ${url.origin} was stopped; only ${recorder.url} is reachable`),
      );
    }
    return realFetch(input, init);
  };
  Object.assign(console, { log: keep, warn: keep, error: keep });
  try {
    return await work(logs);
  } finally {
    globalThis.fetch = realFetch;
    Object.assign(console, saved);
  }
}
