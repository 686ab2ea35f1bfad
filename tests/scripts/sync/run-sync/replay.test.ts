/**
 * The pipeline on the real published history (tests/fixtures/published/history, facts of every
 * revision of upstash/docs' qstash/openapi.yaml and workflow/openapi.yaml): starting from a copy
 * of the project, every published state is synced in order, oldest first. Each step must apply,
 * or fail only on the corrections listed below for that state (set aside, the step must then
 * apply); the spec's operations must be the published ones, and the change report must name every
 * operation that came, went or changed its facts. The newest pair's result must type-check.
 */
import { isDeepStrictEqual } from "node:util";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { parse, stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { METHODS } from "../../../../scripts/diff/operations.ts";
import { StaleCorrections } from "../../../../scripts/spec/apply-overlay.ts";
import { OVERLAY_FILE } from "../../../../scripts/spec/build.ts";
import { factsOf } from "../../../../scripts/sync/components.ts";
import { runSync, type SyncResult } from "../../../../scripts/sync/run-sync.ts";
import { SOURCE_KEY } from "../../../../scripts/sync/sources.ts";
import { copyOfProject } from "../../../helpers/sync-root.ts";
import { callerCompilerOptions } from "../../../helpers/compile-callers.ts";

const HISTORY = "tests/fixtures/published/history";
interface State {
  commit: string;
  changed: string[];
  qstash: string;
  workflow: string | null;
}
const STATES: State[] = JSON.parse(readFileSync(`${HISTORY}/index.json`, "utf8")).states;

/** Published first in 03fdcba: the 202 answers of the two cancels and the BulkAction schema. */
const BULK_ACTIONS = [
  "$.paths['/v2/messages'].delete.responses['202'].content['application/json'].schema.properties.cancelled",
  "$.paths['/v2/messages/{messageId}'].delete.responses['202'].content['application/json'].schema.properties.cancelled",
  "$.components.schemas.BulkAction.properties[total,processed]",
  "$.paths['/v2/messages'].delete.responses['202'].content['application/json'].schema",
];
/** Published first in 50870667: the flow-control counters and GET /v2/globalParallelism. */
const FLOW_CONTROL_COUNTS = [
  "$.components.schemas.FlowControlKey.properties[waitListSize,parallelismCount,rateCount]",
  "$.paths['/v2/globalParallelism'].get.responses['200'].content['application/json'].schema.properties.parallelismCount",
];
/** Corrections that cannot apply to a state because what they correct was not published yet, by commit. */
const EXPECTED_STALE: Record<string, string[]> = Object.fromEntries(
  STATES.map(({ commit }, index) => {
    const beforeBulkActions = index < STATES.findIndex((s) => s.commit.startsWith("03fdcba7"));
    const beforeCounters = commit.startsWith("d405215b");
    return [commit, [...(beforeBulkActions ? BULK_ACTIONS : []), ...(beforeCounters ? FLOW_CONTROL_COUNTS : [])]];
  }),
);
/** Operations our corrections remove (the Workflow file's paste error under /v2/keys/rotate). */
const REMOVED_BY_CORRECTIONS = new Set(["GET /v2/keys/rotate"]);

const root = copyOfProject();
afterAll(() => root.remove());
const fullOverlay = root.read(OVERLAY_FILE);
const shape = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, "{}")}`;

function operations(document: any): Map<string, { path: string; method: string; operation: any }> {
  const found = new Map();
  for (const [path, item] of Object.entries<any>(document.paths ?? {})) {
    for (const method of METHODS)
      if (item?.[method]) found.set(shape(method, path), { path, method, operation: item[method] });
  }
  return found;
}
const fixture = (file: string) => parse(readFileSync(join(HISTORY, file), "utf8"));
const generatedDescription = () => JSON.parse(root.read("generated/qstash.openapi.json"));

/** The overlay without the actions whose target is listed. */
function overlayWithout(targets: string[]): string {
  const overlay = parse(fullOverlay);
  overlay.actions = overlay.actions.filter((action: { target: string }) => !targets.includes(action.target));
  return stringify(overlay);
}

// A replay of the published history: each step syncs onto the one before, so the order is what is
// tested and shuffling is off here (every other file runs in any order).
describe.sequential("every published state of upstash/docs, synced in order", { shuffle: false }, () => {
  let previous: State | null = null;
  /** Operations whose published facts changed from one revision to the next, each checked against the report. */
  const changedOperations: string[] = [];
  it.each(
    STATES.map(
      (state, index) => [`${index}: ${state.commit.slice(0, 8)} (${state.changed.join(" + ")})`, state] as const,
    ),
  )(
    "%s",
    async (_name, state) => {
      const sources = [join(HISTORY, state.qstash), ...(state.workflow ? [join(HISTORY, state.workflow)] : [])];
      const before = generatedDescription();
      const sync = () => runSync({ sources, root: root.dir, runTests: null, claimsSuite: null });

      root.write(OVERLAY_FILE, fullOverlay);
      const expectedStale = EXPECTED_STALE[state.commit];
      let result: SyncResult;
      if (expectedStale.length > 0) {
        const error = await sync().catch((e) => e);
        expect(error, "the step fails on its stale corrections, all of them at once").toBeInstanceOf(StaleCorrections);
        expect((error as StaleCorrections).corrections.map((c) => c.target).sort()).toEqual([...expectedStale].sort());
        root.write(OVERLAY_FILE, overlayWithout(expectedStale));
      }
      result = await sync();
      expect(result.applied || !result.changed).toBe(true);

      // The spec holds exactly the published operations (a one-file step keeps the other file's half).
      const kept = state.workflow
        ? []
        : [...operations(before)].filter(([, op]) => op.operation[SOURCE_KEY] === "workflow").map(([key]) => key);
      const published = new Set([
        ...operations(fixture(state.qstash)).keys(),
        ...(state.workflow ? operations(fixture(state.workflow)).keys() : kept),
      ]);
      for (const removed of REMOVED_BY_CORRECTIONS) published.delete(removed);
      const after = generatedDescription();
      expect(new Set(operations(after).keys())).toEqual(published);

      // The report names every operation that came or went…
      const [was, is] = [operations(before), operations(after)];
      const changeShape = (operation: string) =>
        operation === "*" ? operation : shape(...(operation.split(" ") as [string, string]));
      const reported = (kind: string) =>
        new Set(result.report.changes.filter((c) => c.kind === kind).map((c) => changeShape(c.operation)));
      expect(reported("operation-added")).toEqual(new Set([...is.keys()].filter((key) => !was.has(key))));
      expect(reported("operation-removed")).toEqual(new Set([...was.keys()].filter((key) => !is.has(key))));
      // …and every operation whose published facts changed since the file's previous revision.
      const named = new Set(result.report.changes.map((c) => changeShape(c.operation)));
      for (const file of state.changed as ("qstash" | "workflow")[]) {
        const older = previous?.[file];
        if (!older || !state[file]) continue;
        const [old, next] = [fixture(older), fixture(state[file]!)];
        const oldOps = operations(old);
        for (const [key, { operation }] of operations(next)) {
          const counterpart = oldOps.get(key);
          if (!counterpart || !is.has(key) || !was.has(key)) continue;
          const facts = (doc: unknown, op: any) => factsOf(doc as any, { ...op, summary: undefined });
          if (isDeepStrictEqual(facts(old, counterpart.operation), facts(next, operation))) continue;
          changedOperations.push(`${state.commit.slice(0, 8)} ${key}`);
          expect(named, `${state.commit.slice(0, 8)}: ${key} changed`).toContain(key);
        }
      }
      previous = state;
    },
    60_000,
  );

  it("checked the report against real changes of published facts", () => {
    expect(changedOperations.length).toBeGreaterThan(30);
  });

  it("the newest pair's generated types compile, with a caller of what it added", () => {
    root.write(
      "consumer.ts",
      [
        `import createClient from "openapi-fetch";`,
        `import type { paths } from "./generated/schema.ts";`,
        `const client = createClient<paths>({ baseUrl: "http://localhost:1" });`,
        "export async function call(): Promise<string | undefined> {",
        `  const { data } = await client.POST("/v2/batch/trigger", { body: [{ destination: "https://example.com/flow" }] });`,
        `  const cancel = await client.DELETE("/v2/messages", { params: { query: { label: ["nightly"], async: true } } });`,
        "  return data?.[0]?.workflowRunId ?? cancel.data?.actionId;",
        "}",
        "",
      ].join("\n"),
    );
    const files = [join(root.dir, "consumer.ts")];
    const program = ts.createProgram(files, callerCompilerOptions(root.dir));
    const errors = [join(root.dir, "generated/schema.ts"), ...files].flatMap((file) =>
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    );
    expect(program.getSourceFile(join(root.dir, "generated/schema.ts"))).toBeDefined();
    expect(errors).toEqual([]);
  }, 60_000);
});
