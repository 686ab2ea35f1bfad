/**
 * The facts-only fixtures of the published history (scripts/fixtures/published-history.ts): the
 * committed ones are consistent and hold no prose, and the script, run on a small repository with
 * a real git history, keeps the facts, drops the prose and writes an index whose files all exist.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { factsOfDocument, type PublishedState } from "../../scripts/fixtures/published-history.ts";
import { quickYamlValue } from "../../scripts/spec/yaml-core.ts";
import { TSX } from "./processes.ts";

const HISTORY = "tests/fixtures/published/history";

function expectConsistent(dir: string): PublishedState[] {
  const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
  const states: PublishedState[] = index.states;
  const named = new Set(states.flatMap((s) => [s.qstash, s.workflow]).filter(Boolean) as string[]);
  for (const file of named) expect(existsSync(join(dir, file)), file).toBe(true);
  const onDisk = ["qstash", "workflow"].flatMap((sub) =>
    existsSync(join(dir, sub)) ? readdirSync(join(dir, sub)).map((f) => `${sub}/${f}`) : [],
  );
  expect(onDisk.sort()).toEqual([...named].sort());
  states.forEach((state, i) => {
    const before = states[i - 1];
    for (const source of ["qstash", "workflow"] as const) {
      expect(state.changed.includes(source), `${state.commit} ${source}`).toBe(
        before ? before[source] !== state[source] : state[source] !== null,
      );
    }
    if (before?.date && state.date) expect(state.date >= before.date).toBe(true);
  });
  return states;
}

describe("the committed history", () => {
  it("has an index whose every file exists, in order, each state naming what it changed", () => {
    const states = expectConsistent(HISTORY);
    expect(states).toHaveLength(17);
    expect(states.at(-1)).toMatchObject({
      commit: expect.stringMatching(/^03fdcba7/),
      qstash: "qstash/extra-03fdcba7.yaml",
    });
  });

  it("holds facts only: reducing a fixture to its facts again changes nothing", () => {
    for (const sub of ["qstash", "workflow"]) {
      for (const name of readdirSync(join(HISTORY, sub))) {
        const value = quickYamlValue(readFileSync(join(HISTORY, sub, name), "utf8")) as Record<string, unknown>;
        expect(factsOfDocument(structuredClone(value)), `${sub}/${name}`).toEqual(value);
      }
    }
  });
});

describe("npm run fixtures:published on a repository", () => {
  const work = mkdtempSync(join(tmpdir(), "qstash-history-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const repo = join(work, "docs");
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
      encoding: "utf8",
    });
  const description = (maximum: number, extraPath = "") => `openapi: 3.1.0
info: { title: VENDOR title, description: VENDOR words, version: '2' }
x-mint: { note: VENDOR }
paths:
  /v2/dlq:
    get:
      summary: List DLQ messages
      description: VENDOR explains the DLQ
      parameters:
        - { name: count, in: query, description: VENDOR count, example: 7, schema: { type: integer, maximum: ${maximum} } }
      responses: { '200': { description: VENDOR ok } }
${extraPath}`;
  const commit = (files: Record<string, string>, message: string) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(repo, path, ".."), { recursive: true });
      writeFileSync(join(repo, path), text);
    }
    git("add", ".");
    git("commit", "-q", "-m", message);
  };

  it("writes one fixture per revision, prose removed, facts and operation names kept, and a consistent index", () => {
    mkdirSync(repo);
    git("init", "-q");
    commit({ "qstash/openapi.yaml": description(100) }, "qstash");
    commit({ "workflow/openapi.yaml": description(5), "qstash/openapi.yaml": description(1000) }, "both");
    commit({ "README.md": "unrelated" }, "other");
    const extra = join(work, "extra.yaml");
    writeFileSync(extra, description(1000, "  /v2/extra:\n    get: { summary: Extra, responses: {} }\n"));
    const out = join(work, "out");
    execFileSync(
      TSX,
      ["scripts/fixtures/published-history.ts", repo, "--out", out, "--extra", `qstash=${extra}@${"ab".repeat(20)}`],
      { stdio: "pipe" },
    );

    const states = expectConsistent(out);
    expect(states.map((s) => s.changed)).toEqual([["qstash"], ["qstash", "workflow"], ["qstash"]]);
    const all = [...new Set(states.flatMap((s) => [s.qstash, s.workflow]).filter(Boolean) as string[])].map((f) =>
      readFileSync(join(out, f), "utf8"),
    );
    for (const text of all) {
      expect(text).not.toContain("VENDOR");
      expect(text).toMatch(/^# Facts of upstash\/docs (qstash|workflow)\/openapi\.yaml at [0-9a-f]{40}/);
    }
    const newest = parse(readFileSync(join(out, states[2].qstash!), "utf8"));
    expect(newest.paths["/v2/dlq"].get).toEqual({
      summary: "List DLQ messages",
      parameters: [{ name: "count", in: "query", schema: { type: "integer", maximum: 1000 } }],
      responses: { "200": {} },
    });
    expect(newest.paths["/v2/extra"].get.summary).toBe("Extra");
    expect(
      parse(readFileSync(join(out, states[1].workflow!), "utf8")).paths["/v2/dlq"].get.parameters[0].schema.maximum,
    ).toBe(5);
  }, 60_000);
});
