/**
 * Inputs that used to crash the sync, hang it or eat memory, or slip through silently: each is
 * now refused with one line naming the file (or address) and the place, and the fix, before
 * spec/ or generated/ are touched. Credentials in an address never appear in an error.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SpecError } from "../../../../scripts/spec/spec-error.ts";
import { runSync } from "../../../../scripts/sync/run-sync.ts";
import { copyOfProject, type SyncRoot } from "../../../helpers/sync-root.ts";

const HISTORY = "tests/fixtures/published/history";
const NEWEST_QSTASH = join(HISTORY, JSON.parse(readFileSync(`${HISTORY}/index.json`, "utf8")).states.at(-1).qstash);
const MINIMAL = "openapi: 3.1.0\ninfo: { version: '1' }\npaths: {}\n";
/** The documented input limit (scripts/spec/read-source.ts), written out so that this file also runs on older code. */
const MAX_INPUT_BYTES = 4 * 1024 * 1024;

let root: SyncRoot;
const inputs = mkdtempSync(join(tmpdir(), "qstash-bad-input-"));
beforeAll(() => {
  root = copyOfProject();
});
afterAll(() => {
  root.remove();
  rmSync(inputs, { recursive: true, force: true });
});

/** The sync refuses the input with a SpecError (file:place: problem, then the fix) and changes nothing. */
async function refused(source: string, problem: RegExp, fetchImpl?: typeof fetch): Promise<SpecError> {
  const before = root.snapshot();
  const error = await runSync({
    sources: [source],
    root: root.dir,
    runTests: null,
    claimsSuite: null,
    fetchImpl,
  }).catch((e) => e);
  expect(error).toBeInstanceOf(SpecError);
  expect(error.message).toMatch(problem);
  expect(error.message).toMatch(/\n {2}fix: \S/);
  expect(error.message).not.toMatch(/\n\s+at /);
  expect(root.snapshot()).toEqual(before);
  return error;
}

const file = (name: string, content: string | Buffer) => {
  writeFileSync(join(inputs, name), content);
  return join(inputs, name);
};

describe("YAML that expands without end", () => {
  it("an alias bomb stops at the alias count, at the first alias", async () => {
    // Each level repeats the one before nine times: 9^6 nodes from a few hundred bytes.
    const names = ["a", "b", "c", "d", "e", "f"];
    const levels = names.map(
      (name, i) =>
        `${name}: &${name} [${Array(9)
          .fill(i === 0 ? "x" : `*${names[i - 1]}`)
          .join(", ")}]`,
    );
    await refused(
      file("bomb.yaml", `${MINIMAL}${levels.join("\n")}\n`),
      /bomb\.yaml:\d+:\d+: YAML aliases expand to more than 100 nodes/,
    );
  });

  it("an anchor whose alias sits inside it", async () => {
    await refused(
      file("cycle.yaml", "openapi: 3.1.0\ninfo: &info\n  version: '1'\n  self: *info\npaths: {}\n"),
      /cycle\.yaml:4:9: alias \*info sits inside the node it repeats/,
    );
  });

  it("an alias with no anchor", async () => {
    await refused(
      file("unanchored.yaml", "openapi: 3.1.0\ninfo: *nothing\npaths: {}\n"),
      /unanchored\.yaml:2:7: alias \*nothing names no anchor set before it/,
    );
  });
});

describe("references that lead back to themselves", () => {
  const withSchemas = (schemas: string) =>
    `openapi: 3.1.0\ninfo: { version: '1' }\npaths:\n  /v2/x:\n    get:\n      responses:\n        '200':\n          content:\n            application/json:\n              schema: { $ref: '#/components/schemas/A' }\ncomponents:\n  schemas:\n${schemas}`;

  it("a schema that is a reference to itself", async () => {
    await refused(
      file("self.yaml", withSchemas("    A: { $ref: '#/components/schemas/A' }\n")),
      /self\.yaml:\d+:\d+: \$ref #\/components\/schemas\/A leads back to itself \(#\/components\/schemas\/A → #\/components\/schemas\/A\)/,
    );
  });

  it("two schemas that refer to each other and nothing else", async () => {
    await refused(
      file(
        "pair.yaml",
        withSchemas("    A: { $ref: '#/components/schemas/B' }\n    B: { $ref: '#/components/schemas/A' }\n"),
      ),
      /pair\.yaml:\d+:\d+: \$ref #\/components\/schemas\/A leads back to itself/,
    );
  });
});

describe("inputs past the size limit, or not text", () => {
  it("a file larger than the limit is refused before it is parsed", async () => {
    const big = `${MINIMAL}# ${"x".repeat(MAX_INPUT_BYTES)}\n`;
    await refused(
      file("big.yaml", big),
      new RegExp(`big\\.yaml: is larger than the 4 MiB an input may have \\(${big.length} bytes\\)`),
    );
  });

  it("bytes that are not UTF-8 are refused with their offset, not replaced", async () => {
    const text = Buffer.from(readFileSync(NEWEST_QSTASH, "utf8"));
    const at = text.indexOf("Bulk");
    text[at] = 0xff;
    await refused(
      file("latin.yaml", text),
      new RegExp(`latin\\.yaml:byte ${at}: is not UTF-8 \\(byte 0xff at offset ${at} starts no valid character\\)`),
    );
  });
});

describe("addresses", () => {
  let server: Server;
  let base = "";
  let sent = 0;
  let authorization: string | undefined;
  beforeAll(async () => {
    server = createServer((request, response) => {
      authorization = request.headers.authorization;
      if (request.url === "/endless.yaml") {
        response.writeHead(200, { "content-type": "application/yaml" });
        const chunk = Buffer.alloc(64 * 1024, "#");
        const pump = () => {
          while (!response.destroyed && response.write(chunk)) sent += chunk.length;
        };
        response.on("drain", pump);
        pump();
        return;
      }
      response.writeHead(404).end("no");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  afterEach(() => {
    sent = 0;
    authorization = undefined;
  });

  it("a body that never ends is cut off at the limit, with the address and the fix", async () => {
    const started = Date.now();
    await refused(
      `${base}/endless.yaml`,
      /endless\.yaml: is larger than the 4 MiB an input may have \(more than that, still sending\)/,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    // Read in a stream and cut: the client stopped taking bytes soon after the limit.
    expect(sent).toBeLessThan(4 * MAX_INPUT_BYTES);
  }, 30_000);

  it("credentials in an address are sent as authorization but never shown", async () => {
    const error = await refused(
      `http://reader:s3cret-pw@${base.slice("http://".length)}/missing.yaml`,
      /could not be fetched \(HTTP 404\)/,
    );
    expect(error.message).toContain("http://[credentials]@127.0.0.1:");
    expect(error.message).not.toContain("s3cret-pw");
    expect(authorization).toBe(`Basic ${Buffer.from("reader:s3cret-pw").toString("base64")}`);
  });

  it("credentials never show when the address cannot be reached at all", async () => {
    const error = await refused("http://reader:s3cret-pw@127.0.0.1:9/nothing.yaml", /could not be fetched/);
    expect(error.message).not.toContain("s3cret-pw");
  });
});
