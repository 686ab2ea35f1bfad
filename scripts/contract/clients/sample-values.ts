import type { OpenApiDocument } from "../../spec/build.ts";
import { deref } from "../../spec/operations-module.ts";
import { SAMPLE } from "./calls/call.ts";

/**
 * Values for a captured request. A capture knows the names an SDK sends, not the values: a declared
 * name gets a value its schema accepts (so the mock judges the name, not our choice of value), an
 * undeclared one a plain string, and a path placeholder a sample chosen by what it names.
 */

/** The first value a schema accepts: its enum's first, its default, or the simplest of its type. */
export function sampleOf(description: OpenApiDocument, schema: unknown, depth = 0): unknown {
  const resolved = deref(description, schema) ?? {};
  if (depth > 4) return "sample";
  if (Array.isArray(resolved.enum) && resolved.enum.length) return resolved.enum[0];
  if (resolved.default !== undefined) return resolved.default;
  // A value with a documented format (a pattern) takes its published example.
  if (Array.isArray(resolved.examples) && resolved.examples.length) return resolved.examples[0];
  const type = Array.isArray(resolved.type) ? resolved.type.find((t: string) => t !== "null") : resolved.type;
  switch (type) {
    case "integer":
    case "number":
      return resolved.minimum ?? 1;
    case "boolean":
      return true;
    case "array":
      return [sampleOf(description, resolved.items, depth + 1)];
    case "object": {
      const out: Record<string, unknown> = {};
      for (const name of resolved.required ?? [])
        out[name] = sampleOf(description, resolved.properties?.[name], depth + 1);
      return out;
    }
    default:
      return resolved.format === "uri" ? SAMPLE.url : "sample";
  }
}

/** A path placeholder's value, chosen by what its name says it holds (`{dlq_id}`, `{options.Queue}`). */
export function placeholderSample(name: string): string {
  const key = name.toLowerCase().replace(/[^a-z]/g, "");
  const table: [RegExp, string][] = [
    [/urlgroup|topic/, SAMPLE.urlGroup],
    [/destination|url/, SAMPLE.url],
    [/queue|name$/, SAMPLE.queue],
    [/dlq/, SAMPLE.dlqId],
    [/message/, SAMPLE.messageId],
    [/schedule/, SAMPLE.scheduleId],
    [/flowcontrol|key$/, SAMPLE.flowControlKey],
    [/workflowrun|runid/, SAMPLE.workflowRunId],
    [/event/, SAMPLE.eventId],
  ];
  return table.find(([pattern]) => pattern.test(key))?.[1] ?? "sample";
}
