import { Client, upstash, type CreateScheduleRequest, type PublishRequest } from "@upstash/qstash";
import { SAMPLE, type SdkCall } from "./call.ts";

/**
 * Every public method of @upstash/qstash's Client that makes a REST call, once per input form that
 * reaches a different endpoint or parameter set. Options are filled generously so that every
 * parameter the SDK can send shows up in the recording. `surface.ts` checks that no method is missing.
 */

export const QSTASH_JS = "@upstash/qstash";

export function qstashClient(baseUrl: string, token: string): Client {
  // retry: false: one request per call, so the recording is the request a caller's call makes.
  return new Client({ baseUrl, token, retry: false, devMode: false });
}

/** Every publish option that becomes a header (not the destination or the body). */
type PublishOptions = Pick<
  PublishRequest,
  "headers" | "method" | "delay" | "retries" | "retryDelay" | "callback" | "failureCallback"
> &
  Pick<PublishRequest, "deduplicationId" | "timeout" | "flowControl" | "label" | "redact">;

const PUBLISH_OPTIONS: PublishOptions = {
  headers: { "X-Trace": "t-1" },
  method: "PUT",
  delay: 10,
  retries: 2,
  retryDelay: "1000 * retried",
  callback: `${SAMPLE.url}/callback`,
  failureCallback: `${SAMPLE.url}/failure`,
  deduplicationId: "dedup-1",
  timeout: 30,
  flowControl: { key: SAMPLE.flowControlKey, parallelism: 2, rate: 10, period: 60 },
  label: SAMPLE.label,
  redact: { body: true, header: ["Authorization"] },
};

/** The filter fields message cancel and the DLQ share. */
const SHARED_FILTER = {
  url: SAMPLE.url,
  urlGroup: SAMPLE.urlGroup,
  queueName: SAMPLE.queue,
  scheduleId: SAMPLE.scheduleId,
  label: SAMPLE.label,
  flowControlKey: SAMPLE.flowControlKey,
  callerIp: "203.0.113.7",
  fromDate: SAMPLE.fromDate,
  toDate: SAMPLE.toDate,
};

const MESSAGE_FILTER = { ...SHARED_FILTER, host: "example.com", path: "/hook" };

const DLQ_FILTER = { ...SHARED_FILTER, messageId: SAMPLE.messageId, responseStatus: 500 };

const LOG_FILTER = {
  state: "DELIVERED" as const,
  messageId: SAMPLE.messageId,
  url: SAMPLE.url,
  urlGroup: SAMPLE.urlGroup,
  queueName: SAMPLE.queue,
  scheduleId: SAMPLE.scheduleId,
  label: SAMPLE.label,
  fromDate: SAMPLE.fromDate,
  toDate: SAMPLE.toDate,
};

const SCHEDULE: CreateScheduleRequest = {
  destination: SAMPLE.url,
  cron: "0 * * * *",
  body: "tick",
  headers: { "Content-Type": "text/plain", "X-Trace": "t-1" },
  method: "POST",
  delay: 5,
  retries: 2,
  retryDelay: "1000",
  callback: `${SAMPLE.url}/callback`,
  failureCallback: `${SAMPLE.url}/failure`,
  timeout: 30,
  scheduleId: SAMPLE.scheduleId,
  queueName: SAMPLE.queue,
  flowControl: { key: SAMPLE.flowControlKey, parallelism: 2 },
  label: SAMPLE.label,
  redact: { body: true },
};

const CHAT = { provider: upstash(), model: "meta-llama/Meta-Llama-3-8B-Instruct" } as const;

export const QSTASH_JS_CALLS: SdkCall<Client>[] = [
  { method: "publish", variant: "url", run: (c) => c.publish({ url: SAMPLE.url, body: "hello", ...PUBLISH_OPTIONS }) },
  {
    method: "publish",
    variant: "url-group",
    run: (c) => c.publish({ urlGroup: SAMPLE.urlGroup, body: "hello", notBefore: 1_900_000_000 }),
  },
  {
    method: "publishJSON",
    run: (c) => c.publishJSON({ url: SAMPLE.url, body: { hello: "world" }, contentBasedDeduplication: true }),
  },
  {
    method: "batch",
    run: (c) =>
      c.batch([
        { url: SAMPLE.url, body: "one", retries: 1 },
        { url: SAMPLE.url, body: "two", queueName: SAMPLE.queue, label: SAMPLE.label },
      ]),
  },
  { method: "batchJSON", run: (c) => c.batchJSON([{ urlGroup: SAMPLE.urlGroup, body: { n: 1 } }]) },
  { method: "logs", variant: "filter", run: (c) => c.logs({ count: 10, cursor: "1700000000000", filter: LOG_FILTER }) },
  { method: "logs", variant: "message-ids", run: (c) => c.logs({ messageIds: [...SAMPLE.messageIds] }) },
  { method: "events", run: (c) => c.events({ count: 5 }) },

  { method: "messages.get", run: (c) => c.messages.get(SAMPLE.messageId) },
  { method: "messages.cancel", variant: "id", run: (c) => c.messages.cancel(SAMPLE.messageId) },
  { method: "messages.cancel", variant: "ids", run: (c) => c.messages.cancel([...SAMPLE.messageIds]) },
  {
    method: "messages.cancel",
    variant: "filter",
    run: (c) => c.messages.cancel({ filter: MESSAGE_FILTER, count: 50 }),
  },
  { method: "messages.cancel", variant: "all", run: (c) => c.messages.cancel({ all: true }) },
  { method: "messages.delete", run: (c) => c.messages.delete(SAMPLE.messageId) },
  { method: "messages.deleteMany", run: (c) => c.messages.deleteMany([...SAMPLE.messageIds]) },
  { method: "messages.deleteAll", run: (c) => c.messages.deleteAll() },

  {
    method: "dlq.listMessages",
    variant: "filter",
    run: (c) => c.dlq.listMessages({ count: 10, cursor: "c-1", filter: DLQ_FILTER }),
  },
  { method: "dlq.listMessages", variant: "dlq-ids", run: (c) => c.dlq.listMessages({ dlqIds: [...SAMPLE.dlqIds] }) },
  { method: "dlq.delete", variant: "id", run: (c) => c.dlq.delete(SAMPLE.dlqId) },
  { method: "dlq.delete", variant: "ids", run: (c) => c.dlq.delete([...SAMPLE.dlqIds]) },
  {
    method: "dlq.delete",
    variant: "filter",
    run: (c) => c.dlq.delete({ filter: DLQ_FILTER, count: 50, cursor: "c-1" }),
  },
  { method: "dlq.delete", variant: "all", run: (c) => c.dlq.delete({ all: true }) },
  { method: "dlq.deleteMany", run: (c) => c.dlq.deleteMany({ dlqIds: [...SAMPLE.dlqIds] }) },
  { method: "dlq.retry", variant: "id", run: (c) => c.dlq.retry(SAMPLE.dlqId) },
  { method: "dlq.retry", variant: "ids", run: (c) => c.dlq.retry([...SAMPLE.dlqIds]) },
  { method: "dlq.retry", variant: "filter", run: (c) => c.dlq.retry({ filter: DLQ_FILTER, count: 50 }) },
  { method: "dlq.retry", variant: "all", run: (c) => c.dlq.retry({ all: true }) },

  { method: "flowControl.get", run: (c) => c.flowControl.get(SAMPLE.flowControlKey) },
  { method: "flowControl.getGlobalParallelism", run: (c) => c.flowControl.getGlobalParallelism() },
  { method: "flowControl.pause", run: (c) => c.flowControl.pause(SAMPLE.flowControlKey) },
  { method: "flowControl.resume", run: (c) => c.flowControl.resume(SAMPLE.flowControlKey) },
  {
    method: "flowControl.pin",
    run: (c) => c.flowControl.pin(SAMPLE.flowControlKey, { parallelism: 3, rate: 10, period: 60 }),
  },
  {
    method: "flowControl.unpin",
    run: (c) => c.flowControl.unpin(SAMPLE.flowControlKey, { parallelism: true, rate: true }),
  },
  { method: "flowControl.resetRate", run: (c) => c.flowControl.resetRate(SAMPLE.flowControlKey) },

  {
    method: "queue().upsert",
    run: (c) => c.queue({ queueName: SAMPLE.queue }).upsert({ parallelism: 2, paused: false }),
  },
  { method: "queue().get", run: (c) => c.queue({ queueName: SAMPLE.queue }).get() },
  { method: "queue().list", run: (c) => c.queue().list() },
  { method: "queue().delete", run: (c) => c.queue({ queueName: SAMPLE.queue }).delete() },
  {
    method: "queue().enqueue",
    run: (c) => c.queue({ queueName: SAMPLE.queue }).enqueue({ url: SAMPLE.url, body: "hello", ...PUBLISH_OPTIONS }),
  },
  {
    method: "queue().enqueueJSON",
    run: (c) => c.queue({ queueName: SAMPLE.queue }).enqueueJSON({ url: SAMPLE.url, body: { hello: "world" } }),
  },
  { method: "queue().pause", run: (c) => c.queue({ queueName: SAMPLE.queue }).pause() },
  { method: "queue().resume", run: (c) => c.queue({ queueName: SAMPLE.queue }).resume() },

  { method: "schedules.create", run: (c) => c.schedules.create(SCHEDULE) },
  { method: "schedules.get", run: (c) => c.schedules.get(SAMPLE.scheduleId) },
  { method: "schedules.list", run: (c) => c.schedules.list() },
  { method: "schedules.delete", run: (c) => c.schedules.delete(SAMPLE.scheduleId) },
  { method: "schedules.pause", run: (c) => c.schedules.pause({ schedule: SAMPLE.scheduleId }) },
  { method: "schedules.resume", run: (c) => c.schedules.resume({ schedule: SAMPLE.scheduleId }) },

  {
    method: "urlGroups.addEndpoints",
    run: (c) => c.urlGroups.addEndpoints({ name: SAMPLE.urlGroup, endpoints: [{ name: "a", url: SAMPLE.url }] }),
  },
  {
    method: "urlGroups.removeEndpoints",
    run: (c) => c.urlGroups.removeEndpoints({ name: SAMPLE.urlGroup, endpoints: [{ url: SAMPLE.url }] }),
  },
  { method: "urlGroups.list", run: (c) => c.urlGroups.list() },
  { method: "urlGroups.get", run: (c) => c.urlGroups.get(SAMPLE.urlGroup) },
  { method: "urlGroups.delete", run: (c) => c.urlGroups.delete(SAMPLE.urlGroup) },

  { method: "workflow.cancel", run: (c) => c.workflow.cancel(SAMPLE.workflowRunId) },

  { method: "chat().create", run: (c) => c.chat().create({ ...CHAT, messages: [{ role: "user", content: "hi" }] }) },
  { method: "chat().prompt", run: (c) => c.chat().prompt({ ...CHAT, system: "be brief", user: "hi" }) },
];
