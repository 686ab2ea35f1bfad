import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { tempDirs } from "../../../helpers/temp-dirs.ts";
import { loadClaims } from "../../../../scripts/contract/claims/catalog.ts";

const PAGE = "page: { key: demo, title: Demo, url: null, seed: x.txt, era: current }\n";

const tempDir = tempDirs();

function catalogWith(text: string): string {
  const dir = tempDir("claims");
  writeFileSync(join(dir, "000-demo.yaml"), text);
  return dir;
}

describe("loadClaims refuses a bad catalog with the file, the place and the fix", () => {
  test.each([
    [
      "unknown kind",
      `${PAGE}claims:\n  - { id: demo/a, kind: rumour, operation: GET /v2/dlq, statement: something long enough, verdict: holds }\n`,
      /000-demo\.yaml:3:\d+: .*kind/,
    ],
    [
      "kind without its field",
      `${PAGE}claims:\n  - { id: demo/a, kind: status, operation: GET /v2/dlq, statement: something long enough, verdict: holds }\n`,
      /000-demo\.yaml:3:\d+: .*status/,
    ],
    [
      "bad verdict",
      `${PAGE}claims:\n  - { id: demo/a, kind: server, server: "https://x.io", operation: GET /v2/dlq, statement: something long enough, verdict: maybe }\n`,
      /000-demo\.yaml:3:\d+: .*verdict/,
    ],
    [
      "id outside its page",
      `${PAGE}claims:\n  - { id: other/a, kind: server, server: "https://x.io", operation: GET /v2/dlq, statement: something long enough, verdict: holds }\n`,
      /000-demo\.yaml:3:\d+: claim id other\/a does not start with the page key demo\//,
    ],
    [
      "duplicate id",
      `${PAGE}claims:\n  - { id: demo/a, kind: server, server: "https://x.io", operation: GET /v2/dlq, statement: something long enough, verdict: holds }\n  - { id: demo/a, kind: server, server: "https://x.io", operation: GET /v2/dlq, statement: something long enough, verdict: holds }\n`,
      /000-demo\.yaml:4:\d+: claim id demo\/a is also used/,
    ],
    ["broken YAML", `${PAGE}claims: [\n`, /000-demo\.yaml:\d+:\d+: not valid YAML/],
  ])("%s", (_name, text, message) => {
    expect(() => loadClaims(catalogWith(text))).toThrow(message);
    expect(() => loadClaims(catalogWith(text))).toThrow(/fix: /);
  });

  test("a well-formed catalog loads with its page attached", () => {
    const [claim] = loadClaims(
      catalogWith(
        `${PAGE}claims:\n  - { id: demo/a, kind: server, server: "https://x.io", operation: GET /v2/dlq, statement: something long enough, verdict: holds }\n`,
      ),
    );
    expect(claim).toMatchObject({ id: "demo/a", page: { key: "demo", title: "Demo" } });
  });
});
