import { Client, type TriggerOptions } from "@upstash/workflow";
import { SAMPLE, type SdkCall } from "./call.ts";

/**
 * Every public method of @upstash/workflow's Client that makes a REST call, once per input form that
 * reaches a different endpoint or parameter set. `surface.ts` checks that no method is missing.
 */

export const WORKFLOW_JS = "@upstash/workflow";

export function workflowClient(baseUrl: string, token: string): Client {
  // The workflow Client hands its config to a @upstash/qstash Client; retry: false keeps one request per call.
  return new Client({ baseUrl, token, retry: false, devMode: false } as ConstructorParameters<typeof Client>[0]);
}

const WORKFLOW_URL = "https://example.com/api/workflow";

const UNIVERSAL_FILTER = {
  label: SAMPLE.label,
  flowControlKey: SAMPLE.flowControlKey,
  callerIp: "203.0.113.7",
  fromDate: SAMPLE.fromDate,
  toDate: SAMPLE.toDate,
};

const DLQ_ACTION_FILTER = {
  ...UNIVERSAL_FILTER,
  workflowUrl: WORKFLOW_URL,
  workflowRunId: SAMPLE.workflowRunId,
  workflowCreatedAt: SAMPLE.fromDate,
  failureFunctionState: "CALLBACK_FAIL",
};

const LOGS_FILTER = {
  ...UNIVERSAL_FILTER,
  state: "RUN_SUCCESS" as const,
  workflowUrl: WORKFLOW_URL,
  workflowRunId: SAMPLE.workflowRunId,
};

const DLQ_LIST_FILTER = { ...DLQ_ACTION_FILTER, url: WORKFLOW_URL, responseStatus: 500 };

const RESUME_OPTIONS = { retries: 2, flowControl: { key: SAMPLE.flowControlKey, parallelism: 2 } };

const TRIGGER: TriggerOptions = {
  url: WORKFLOW_URL,
  body: { order: 1 },
  headers: { "X-Trace": "t-1" },
  workflowRunId: "sample-run",
  retries: 2,
  retryDelay: "1000",
  flowControl: { key: SAMPLE.flowControlKey, rate: 10, period: 60 },
  delay: 10,
  label: SAMPLE.label,
  failureUrl: `${WORKFLOW_URL}/failure`,
  redact: { body: true },
};

export const WORKFLOW_JS_CALLS: SdkCall<Client>[] = [
  { method: "trigger", variant: "one", run: (c) => c.trigger(TRIGGER) },
  { method: "trigger", variant: "many", run: (c) => c.trigger([TRIGGER, { url: WORKFLOW_URL, body: "second" }]) },
  { method: "cancel", variant: "id", run: (c) => c.cancel(SAMPLE.workflowRunId) },
  { method: "cancel", variant: "ids", run: (c) => c.cancel([...SAMPLE.workflowRunIds]) },
  {
    method: "cancel",
    variant: "filter-exact-url",
    run: (c) => c.cancel({ filter: { ...UNIVERSAL_FILTER, workflowUrl: WORKFLOW_URL }, count: 50 }),
  },
  {
    method: "cancel",
    variant: "filter-url-prefix",
    run: (c) =>
      c.cancel({ filter: { workflowUrlStartingWith: "https://example.com", host: "example.com", path: "/api" } }),
  },
  { method: "cancel", variant: "all", run: (c) => c.cancel({ all: true }) },
  {
    method: "cancel",
    variant: "legacy-url-starting-with",
    run: (c) => c.cancel({ urlStartingWith: "https://example.com" }),
  },
  { method: "notify", variant: "event", run: (c) => c.notify({ eventId: SAMPLE.eventId, eventData: { ok: true } }) },
  {
    method: "notify",
    variant: "run-lookback",
    run: (c) => c.notify({ eventId: SAMPLE.eventId, eventData: "done", workflowRunId: SAMPLE.workflowRunId }),
  },
  { method: "getWaiters", run: (c) => c.getWaiters({ eventId: SAMPLE.eventId }) },
  {
    method: "logs",
    variant: "filter",
    run: (c) => c.logs({ count: 5, cursor: "c-1", filter: LOGS_FILTER }),
  },
  {
    method: "logs",
    variant: "legacy",
    run: (c) =>
      c.logs({
        workflowRunId: SAMPLE.workflowRunId,
        state: "RUN_FAILED",
        workflowUrl: WORKFLOW_URL,
        workflowCreatedAt: 1,
      }),
  },
  {
    method: "dlq.list",
    run: (c) => c.dlq.list({ count: 10, cursor: "c-1", filter: DLQ_LIST_FILTER }),
  },
  { method: "dlq.resume", variant: "id", run: (c) => c.dlq.resume(SAMPLE.dlqId, RESUME_OPTIONS) },
  { method: "dlq.resume", variant: "ids", run: (c) => c.dlq.resume([...SAMPLE.dlqIds]) },
  {
    method: "dlq.resume",
    variant: "filter",
    run: (c) => c.dlq.resume({ filter: DLQ_ACTION_FILTER, count: 50 }, RESUME_OPTIONS),
  },
  { method: "dlq.resume", variant: "all", run: (c) => c.dlq.resume({ all: true }) },
  {
    method: "dlq.resume",
    variant: "options-object",
    run: (c) => c.dlq.resume({ dlqId: SAMPLE.dlqId, ...RESUME_OPTIONS }),
  },
  { method: "dlq.restart", variant: "id", run: (c) => c.dlq.restart(SAMPLE.dlqId, RESUME_OPTIONS) },
  { method: "dlq.restart", variant: "ids", run: (c) => c.dlq.restart([...SAMPLE.dlqIds]) },
  {
    method: "dlq.restart",
    variant: "filter",
    run: (c) => c.dlq.restart({ filter: DLQ_ACTION_FILTER, count: 50 }, RESUME_OPTIONS),
  },
  { method: "dlq.restart", variant: "all", run: (c) => c.dlq.restart({ all: true }) },
  {
    method: "dlq.restart",
    variant: "options-object",
    run: (c) => c.dlq.restart({ dlqId: [...SAMPLE.dlqIds], retries: 1 }),
  },
  { method: "dlq.retryFailureFunction", run: (c) => c.dlq.retryFailureFunction({ dlqId: SAMPLE.dlqId }) },
  { method: "dlq.delete", variant: "id", run: (c) => c.dlq.delete(SAMPLE.dlqId) },
  { method: "dlq.delete", variant: "ids", run: (c) => c.dlq.delete([...SAMPLE.dlqIds]) },
  { method: "dlq.delete", variant: "filter", run: (c) => c.dlq.delete({ filter: DLQ_ACTION_FILTER, count: 50 }) },
  { method: "dlq.delete", variant: "all", run: (c) => c.dlq.delete({ all: true }) },
];
