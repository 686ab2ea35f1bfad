import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import ts from "typescript";
import type { SdkCall } from "./calls/call.ts";
import { QSTASH_JS, QSTASH_JS_CALLS } from "./calls/qstash-js.ts";
import { WORKFLOW_JS, WORKFLOW_JS_CALLS } from "./calls/workflow-js.ts";

/**
 * The public surface of each TypeScript SDK, read from its installed type declarations, so that no
 * method that makes a REST call is missed: every public member of an API class is driven by a call
 * in calls/, or skipped here with the reason; every other class says why it makes no REST call of its
 * own. A new SDK version that adds a class or a method fails the coverage test until it is placed.
 */

export interface SurfaceSdk {
  sdk: string;
  calls: SdkCall<unknown>[];
  /** API class → how a caller reaches its members (`Messages` → `messages.`). */
  api: Record<string, string>;
  /** Public members of API classes that make no REST call of their own, with the reason. */
  skipped: Record<string, string>;
  /** Classes that are not API classes, with the reason. */
  other: Record<string, string>;
}

const ACCESSOR = "an accessor that returns an API class; it sends nothing itself (its class's methods are driven)";
/** Why the classes a workflow's steps are written with have no client call to drive. */
export const WORKFLOW_PROTOCOL =
  "part of the workflow protocol: it sends only inside serve() while QStash calls the endpoint (step results " +
  "through POST /v2/batch with the Upstash-Workflow-* headers trigger() shows; POST /v2/wait/{eventId}; " +
  "DELETE /v2/workflows/runs/{id}?cancel=…, neither of which any docs page describes)";

export const SURFACE: SurfaceSdk[] = [
  {
    sdk: QSTASH_JS,
    calls: QSTASH_JS_CALLS as SdkCall<unknown>[],
    api: {
      Client: "",
      Messages: "messages.",
      DLQ: "dlq.",
      FlowControlApi: "flowControl.",
      Queue: "queue().",
      Schedules: "schedules.",
      UrlGroups: "urlGroups.",
      Workflow: "workflow.",
      Chat: "chat().",
    },
    skipped: {
      "Client.http": "the shared requester every method sends through; not an API method",
      "Client.urlGroups": ACCESSOR,
      "Client.topics": "a deprecated alias that returns the same UrlGroups object as urlGroups (driven)",
      "Client.dlq": ACCESSOR,
      "Client.messages": ACCESSOR,
      "Client.schedules": ACCESSOR,
      "Client.flowControl": ACCESSOR,
      "Client.workflow": ACCESSOR,
      "Client.queue": ACCESSOR,
      "Client.chat": ACCESSOR,
    },
    other: {
      Receiver: "verifies a signature locally with the signing keys it is given; sends nothing",
      SignatureError: "an error type",
      BaseProvider: "describes a third-party API for the publish `api` option; sends nothing itself",
      LLMProvider: "describes an LLM provider for the publish `api` option; sends nothing itself",
      EmailProvider: "describes an email provider for the publish `api` option; sends nothing itself",
      QstashError: "an error type",
      QstashRatelimitError: "an error type",
      QstashChatRatelimitError: "an error type",
      QstashDailyRatelimitError: "an error type",
      QstashEmptyArrayError: "an error type",
      QStashWorkflowError: "an error type",
      QStashWorkflowAbort: "an error type",
      BaseLazyStep: WORKFLOW_PROTOCOL,
      AutoExecutor: WORKFLOW_PROTOCOL,
      WorkflowContext: WORKFLOW_PROTOCOL,
      DisabledWorkflowContext: "a dry-run context of the deprecated workflow engine that never sends",
      WorkflowLogger: "writes the deprecated workflow engine's log locally",
    },
  },
  {
    sdk: WORKFLOW_JS,
    calls: WORKFLOW_JS_CALLS as SdkCall<unknown>[],
    api: { Client: "", DLQ: "dlq." },
    skipped: { "Client.dlq": ACCESSOR },
    other: {
      WorkflowError: "an error type",
      WorkflowAbort: "an error type",
      WorkflowNonRetryableError: "an error type",
      WorkflowRetryAfterError: "an error type",
      WorkflowMiddleware: "hooks a caller attaches to serve(); sends nothing",
      MiddlewareManager: "runs the middleware hooks; sends nothing",
      BaseLazyStep: WORKFLOW_PROTOCOL,
      AutoExecutor: WORKFLOW_PROTOCOL,
      BaseWorkflowApi: WORKFLOW_PROTOCOL,
      AnthropicAPI: WORKFLOW_PROTOCOL,
      OpenAIAPI: WORKFLOW_PROTOCOL,
      ResendAPI: WORKFLOW_PROTOCOL,
      WorkflowApi: WORKFLOW_PROTOCOL,
      WorkflowContext: WORKFLOW_PROTOCOL,
    },
  },
];

export interface SurfaceMember {
  class: string;
  member: string;
  kind: "method" | "property" | "accessor";
}

export interface SurfaceReport {
  sdk: string;
  version: string;
  members: (SurfaceMember & { status: "driven" | "skipped" | "missing"; calls: number; reason?: string })[];
  /** Classes found in the declarations that are neither API classes nor explained. */
  unplacedClasses: string[];
  /** Skip entries and class entries that name nothing in the declarations. */
  staleEntries: string[];
  /** Calls whose method names no public member. */
  strayCalls: string[];
  /** Declared classes that are not API classes, with the reason they make no client REST call. */
  otherClasses: Record<string, string>;
}

/** Every class and public member declared by a package's entry declarations and the files they import. */
export function readSurface(packageName: string): { version: string; classes: Map<string, SurfaceMember[]> } {
  const root = packageRoot(packageName);
  const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version as string;
  const classes = new Map<string, SurfaceMember[]>();
  const queue = [join(root, "index.d.ts")];
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      const from =
        (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier;
      if (from && ts.isStringLiteral(from) && from.text.startsWith("."))
        queue.push(join(root, from.text.replace(/\.js$/, ".d.ts")));
      if (ts.isClassDeclaration(statement) && statement.name)
        classes.set(statement.name.text, publicMembers(statement));
    }
  }
  return { version, classes };
}

/** The installed package's directory (its exports do not expose package.json, so walk up from its entry). */
export function packageRoot(packageName: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(packageName));
  while (
    !existsSync(join(dir, "package.json")) ||
    JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name !== packageName
  ) {
    if (dirname(dir) === dir) throw new Error(`cannot find the installed ${packageName}; fix: npm ci`);
    dir = dirname(dir);
  }
  return dir;
}

function publicMembers(node: ts.ClassDeclaration): SurfaceMember[] {
  const members: SurfaceMember[] = [];
  for (const member of node.members) {
    if (!member.name || ts.isConstructorDeclaration(member)) continue;
    const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
    if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword))
      continue;
    if (ts.isPrivateIdentifier(member.name)) continue;
    const name = member.name.getText();
    const kind = ts.isMethodDeclaration(member)
      ? "method"
      : ts.isGetAccessorDeclaration(member)
        ? "accessor"
        : "property";
    if (!members.some((m) => m.member === name)) members.push({ class: node.name!.text, member: name, kind });
  }
  return members;
}

/** Places every public member of every declared class: driven by a call, skipped with a reason, or missing. */
export function surfaceReport(entry: SurfaceSdk): SurfaceReport {
  const { version, classes } = readSurface(entry.sdk);
  const callName = (member: SurfaceMember) => `${entry.api[member.class]}${member.member}`;
  const members: SurfaceReport["members"] = [];
  for (const className of Object.keys(entry.api)) {
    for (const member of classes.get(className) ?? []) {
      const calls = entry.calls.filter((c) => c.method === callName(member)).length;
      const reason = entry.skipped[`${className}.${member.member}`];
      members.push({ ...member, calls, reason, status: calls ? "driven" : reason ? "skipped" : "missing" });
    }
  }
  const known = new Set([...Object.keys(entry.api), ...Object.keys(entry.other)]);
  const unplacedClasses = [...classes.keys()].filter((name) => !known.has(name));
  const staleEntries = [
    ...Object.keys(entry.skipped).filter((key) => !members.some((m) => `${m.class}.${m.member}` === key)),
    ...[...known].filter((name) => !classes.has(name)),
  ];
  const memberNames = new Set(members.map(callName));
  const strayCalls = [...new Set(entry.calls.map((c) => c.method))].filter((method) => !memberNames.has(method));
  const otherClasses = Object.fromEntries(Object.entries(entry.other).filter(([name]) => classes.has(name)));
  return { sdk: entry.sdk, version, members, unplacedClasses, staleEntries, strayCalls, otherClasses };
}
