/** One call of an SDK's public method, with the input form it exercises. */
export interface SdkCall<C> {
  /** The method as a caller writes it: `messages.cancel`, `queue().enqueue`. */
  method: string;
  /** The input form, when a method takes several (`ids`, `filter`, `all`). */
  variant?: string;
  run: (client: C) => Promise<unknown>;
}

/** Sample values the calls use: fixed, so recorded requests and their verdicts are stable. */
export const SAMPLE = {
  url: "https://example.com/hook",
  urlGroup: "sample-group",
  queue: "sample-queue",
  messageId: "msg_sample",
  messageIds: ["msg_a", "msg_b"],
  dlqId: "dlq_sample",
  dlqIds: ["dlq_a", "dlq_b"],
  scheduleId: "scd_sample",
  flowControlKey: "sample-key",
  workflowRunId: "wfr_sample",
  workflowRunIds: ["wfr_a", "wfr_b"],
  eventId: "sample-event",
  label: "nightly",
  fromDate: 1_700_000_000_000,
  toDate: 1_700_000_600_000,
} as const;

export function callId(sdk: string, call: { method: string; variant?: string }): string {
  return `${sdk}:${call.method}${call.variant ? `#${call.variant}` : ""}`;
}
