import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadCaptures } from "../../../../scripts/contract/clients/captured.ts";
import {
  explain,
  loadExplanations,
  type ExplanationCatalog,
} from "../../../../scripts/contract/clients/explanations.ts";
import type { ClientFinding } from "../../../../scripts/contract/clients/judge.ts";
import { packageRoot } from "../../../../scripts/contract/clients/surface.ts";
import { tempDirs } from "../../../helpers/temp-dirs.ts";

const tempDir = tempDirs();

const catalog = loadExplanations();

const finding = (over: Partial<ClientFinding>): ClientFinding => ({
  kind: "undeclared-header",
  operation: "POST /v2/publish/{destination}",
  place: "p",
  fix: "f",
  ...over,
});

describe("the explanation catalog", () => {
  test("matches header names in any case, and paths case and all", () => {
    expect(explain(catalog, "@upstash/qstash", finding({ name: "upstash-telemetry-sdk" }))?.id).toBe(
      "telemetry-headers",
    );
    expect(explain(catalog, "qstash-go", finding({ kind: "no-route", operation: "GET /v2/Schedules/x" }))?.id).toBe(
      "go-schedules-capital-path",
    );
    expect(
      explain(catalog, "qstash-go", finding({ kind: "no-route", operation: "GET /v2/schedules-of-mine/x" })),
    ).toBeUndefined();
  });

  test("an explanation limited to some SDKs does not cover the others", () => {
    const flowKey = finding({ kind: "undeclared-query", operation: "GET /v2/dlq", name: "flowControlKey" });

    expect(explain(catalog, "@upstash/qstash", flowKey)?.id).toBe("dlq-list-flow-control-key");
    expect(explain(catalog, "@upstash/workflow", flowKey)?.id).toBe("workflow-dlq-through-qstash-dlq");
    expect(explain(catalog, "qstash-py", flowKey)).toBeUndefined();
  });

  test("the sources of the Python and Go facts are the commits the captures were read at", () => {
    for (const sdk of ["qstash-py", "qstash-go"]) {
      const capture = loadCaptures(sdk);
      const source = Object.values(catalog.sources).find((s) => s.repository === capture.repository);
      expect(source?.commit, sdk).toBe(capture.commit);
    }
  });

  test.each([
    [
      "an explanation citing undefined evidence",
      (c: any) => (c.explanations[0].evidence = ["nope"]),
      /cites evidence `nope`, which is not defined/,
    ],
    [
      "a spec correction without what it declares",
      (c: any) => (c.explanations.find((e: any) => e.who === "spec").declares = undefined),
      /needs `declares`/,
    ],
    [
      "evidence from an unknown source",
      (c: any) => (Object.values<any>(c.evidence)[0].source = "elsewhere"),
      /names source `elsewhere`/,
    ],
    ["a commit that is not a full hash", (c: any) => (c.sources.docs.commit = "ef0ce43"), /must match pattern/],
    ["an explanation id used twice", (c: any) => (c.explanations[1].id = c.explanations[0].id), /is used twice/],
  ])("refuses %s with the file, the place and the fix", (_name, spoil, message) => {
    const broken = structuredClone(catalog) as ExplanationCatalog;
    spoil(broken);
    const file = join(tempDir("explanations"), "explanations.yaml");
    writeFileSync(file, JSON.stringify(broken, null, 1));

    expect(() => loadExplanations(file)).toThrow(message);
    expect(() => loadExplanations(file)).toThrow(/explanations\.yaml:\d+:\d+/);
  });
});

describe("the cited SDK facts are in the packages the suite runs", () => {
  // The TypeScript SDK citations point at the newest source commit the mirrors hold; the installed
  // package must carry the same fact, or the citation describes code the suite does not run.
  const packageFiles = (name: string) => {
    const root = packageRoot(name);
    return readdirSync(root)
      .filter((f) => f.endsWith(".mjs") || f.endsWith(".d.ts"))
      .map((f) => readFileSync(join(root, f), "utf8"))
      .join("\n");
  };
  const cited = Object.entries(catalog.evidence).filter(([, e]) => catalog.sources[e.source].package);

  test.each(cited.map(([key, e]) => [key, e] as const))("%s", (_key, evidence) => {
    const source = catalog.sources[evidence.source];
    const name = source.package!.replace(/@[^@]+$/, "");
    const version = source.package!.split("@").at(-1);

    expect(JSON.parse(readFileSync(join(packageRoot(name), "package.json"), "utf8")).version).toBe(version);
    expect(packageFiles(name)).toContain(evidence.shows);
  });
});
