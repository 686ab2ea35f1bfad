import type { OpenApiDocument } from "../spec/build.ts";
import { describeOperations, type OperationFacts } from "../spec/operations-module.ts";
import type { FoundRoute } from "../contract/find-route.ts";

/** One thing an operation creates, and the operation that deletes it. */
interface Creation {
  /** A name the caller chooses (so it may be in use already): where it travels, and what to do if it is. */
  named?: { in: "body" | "path" | "header"; name: string; ifExists: "hold back" | "leave it" };
  /** The answer field holding what the server made (any depth; an item marked `deduplicated` is not new). */
  answer?: string;
  deleteWith: string;
}

/**
 * What each creating operation creates, by operationId. Explicit on purpose: an answer of another
 * call (a notify lists the waiting runs, a retry names the DLQ messages) mentions resources the run
 * did not create, and the clean-up must never delete those. Bulk retries and DLQ resumes act on
 * the account's own failed messages and are not undone.
 */
const CREATIONS: Record<string, Creation[]> = {
  publishMessage: [{ answer: "messageId", deleteWith: "cancelMessage" }],
  batchMessages: [{ answer: "messageId", deleteWith: "cancelMessage" }],
  enqueueMessage: [
    { answer: "messageId", deleteWith: "cancelMessage" },
    // The spec answers 404 for a missing queue; a server that creates it instead made a queue the run
    // owns. Into an existing queue the call only adds a message.
    { named: { in: "path", name: "queueName", ifExists: "leave it" }, deleteWith: "deleteQueue" },
  ],
  // Without Upstash-Schedule-Id the server names the schedule; with it, an existing one would be overwritten.
  createSchedule: [
    {
      named: { in: "header", name: "upstash-schedule-id", ifExists: "hold back" },
      answer: "scheduleId",
      deleteWith: "deleteSchedule",
    },
  ],
  triggerWorkflowRun: [{ answer: "workflowRunId", deleteWith: "cancelWorkflowRun" }],
  upsertQueue: [{ named: { in: "body", name: "queueName", ifExists: "hold back" }, deleteWith: "deleteQueue" }],
  upsertUrlGroupEndpoints: [
    { named: { in: "path", name: "urlGroupName", ifExists: "hold back" }, deleteWith: "deleteUrlGroup" },
  ],
};

/** Bounds of the clean-up: calls, time per call, time overall; and of the search for ids in one answer. */
const MAX_CALLS = 200;
const CALL_TIMEOUT_MS = 10_000;
const DEADLINE_MS = 60_000;
const MAX_DEPTH = 4;
const MAX_IDS_PER_ANSWER = 100;

/** Something the run created, and the call that undoes it. */
export interface Created {
  /** What the answer or request called it: `messageId`, `queueName`. */
  kind: string;
  name: string;
  /** `DELETE /v2/messages/{messageId}`. */
  undo: string;
  /** Which call created it: `POST /v2/publish/{destination}`. */
  by: string;
}

export interface CleanupResult extends Created {
  outcome: "deleted" | "already gone" | "left behind";
  detail: string;
}

/** What the gate hands the tracker about one request. */
export interface TrackedRequest {
  route: FoundRoute;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

export interface Tracker {
  /** Before a creation by name is forwarded: a reason to hold it back, if any. */
  beforeForward(request: TrackedRequest): Promise<string | undefined>;
  /** After a forwarded call was answered: remember what it created. */
  afterAnswer(request: TrackedRequest, status: number, answer: string): void;
  created(): Created[];
  /** Deletes what was created, newest first, within the bounds above. */
  cleanUp(): Promise<CleanupResult[]>;
}

/**
 * Tracks what a live run with writes creates, so that it can be deleted at the end. It deletes only
 * what the run created: ids the server made for it, and names that were free before the run took them.
 */
export function createTracker(options: { description: OpenApiDocument; serverUrl: string; token: string }): Tracker {
  const operations = describeOperations(options.description);
  const created = new Map<string, Created>();
  /** Names found free just before their creation was forwarded: the run's to delete once created. */
  const free = new Set<string>();
  const send = (method: string, path: string) =>
    fetch(`${options.serverUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${options.token}` },
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      redirect: "manual",
    });
  const remember = (item: Created) => created.set(`${item.undo} ${item.name}`, item);

  /** The rules that apply to a request, each with its deleting operation and the name it carries (if named). */
  function rulesFor(request: TrackedRequest) {
    const rules = CREATIONS[String(request.route.operation?.operationId ?? "")] ?? [];
    return rules.flatMap((rule) => {
      const deleter = operations[rule.deleteWith];
      if (!deleter) return [];
      const name = rule.named && nameIn(request, rule.named);
      return [{ rule, deleter, name, undo: `${deleter.method} ${deleter.path}` }];
    });
  }

  return {
    async beforeForward(request) {
      for (const { rule, deleter, name, undo } of rulesFor(request)) {
        if (!rule.named || name === undefined || created.has(`${undo} ${name}`)) continue;
        const label = `${rule.named.name} ${JSON.stringify(name)}`;
        if (!isAddressable(name)) return `${label} could not be deleted afterwards`;
        // Is the name in use already? Only a resource that did not exist is the run's to delete.
        const answer = await send("GET", fill(deleter.path, name)).catch(() => undefined);
        await answer?.arrayBuffer().catch(() => undefined);
        if (answer?.status === 404) free.add(`${undo} ${name}`);
        else if (answer && answer.status < 300 && rule.named.ifExists === "leave it") continue;
        else if (answer && answer.status < 300) return `${label} exists already and the run did not create it`;
        else return `could not tell whether ${label} exists (${answer ? answer.status : "no answer"})`;
      }
      return undefined;
    },

    afterAnswer(request, status, answer) {
      if (status < 200 || status >= 300) return;
      for (const { rule, name, undo } of rulesFor(request)) {
        if (rule.named && name !== undefined) {
          if (free.has(`${undo} ${name}`)) remember({ kind: rule.named.name, name, undo, by: request.route.key });
        } else if (rule.answer) {
          const kind = rule.answer;
          for (const id of idsIn(parse(answer), kind)) remember({ kind, name: id, undo, by: request.route.key });
        }
      }
    },

    created: () => [...created.values()],

    async cleanUp() {
      const results: CleanupResult[] = [];
      const deadline = Date.now() + DEADLINE_MS;
      // Newest first: messages go before the queue they sit in.
      for (const [index, item] of [...created.values()].reverse().entries()) {
        if (index >= MAX_CALLS || Date.now() > deadline) {
          const detail = index >= MAX_CALLS ? `more than ${MAX_CALLS} to delete` : "the clean-up ran out of time";
          results.push({ ...item, outcome: "left behind", detail });
          continue;
        }
        const path = fill(item.undo.slice(item.undo.indexOf(" ") + 1), item.name);
        try {
          const answer = await send("DELETE", path);
          await answer.arrayBuffer();
          const outcome = answer.status < 300 ? "deleted" : answer.status === 404 ? "already gone" : "left behind";
          results.push({ ...item, outcome, detail: `DELETE ${path} → ${answer.status}` });
        } catch (error) {
          results.push({ ...item, outcome: "left behind", detail: `DELETE ${path}: ${(error as Error).message}` });
        }
      }
      return results;
    },
  };
}

function nameIn(request: TrackedRequest, named: NonNullable<Creation["named"]>): string | undefined {
  if (named.in === "header") {
    const value = Object.entries(request.headers).find(([key]) => key.toLowerCase() === named.name)?.[1];
    return value === undefined ? undefined : [value].flat().join(", ");
  }
  if (named.in === "body") {
    const value = (parse(Buffer.from(request.body).toString("utf8")) as Record<string, unknown> | undefined)?.[
      named.name
    ];
    return typeof value === "string" ? value : undefined;
  }
  const template = request.route.key.slice(request.route.key.indexOf(" ") + 1).split("/");
  const segment = request.path.split("/")[template.indexOf(`{${named.name}}`)];
  try {
    return segment === undefined ? undefined : decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Every string under `field`, at any depth up to MAX_DEPTH, except in items the server marks as deduplicated. */
function idsIn(json: unknown, field: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown, depth: number) => {
    if (depth > MAX_DEPTH || found.length >= MAX_IDS_PER_ANSWER || node === null || typeof node !== "object") return;
    if ((node as Record<string, unknown>).deduplicated === true) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === field && typeof value === "string" && isAddressable(value)) found.push(value);
      else walk(value, depth + 1);
    }
  };
  walk(json, 0);
  return found.slice(0, MAX_IDS_PER_ANSWER);
}

/** A name that fills one path segment and addresses that one resource. */
function isAddressable(name: string): boolean {
  return name.trim() !== "" && !/^\.{1,2}$/.test(name);
}

function fill(template: string, value: string): string {
  return template.replace(/\{[^}]+\}/, encodeURIComponent(value));
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Entries of the clean-up table that name an operation the description lacks (a rename would go unnoticed). */
export function staleCreations(operations: Record<string, OperationFacts>): string[] {
  return Object.entries(CREATIONS).flatMap(([id, rules]) =>
    rules.filter((rule) => !operations[id] || !operations[rule.deleteWith]).map((rule) => `${id} → ${rule.deleteWith}`),
  );
}
