import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createQStashClient } from "../../../src/index.ts";
import { json, startLocalServer } from "../../helpers/local-server.ts";
import {
  BULK_OPERATIONS,
  everythingCall,
  expectRefused,
  outcomeOf,
  type SpecOperation,
} from "../../helpers/spec-server.ts";

// Issue 10, class 4 (paths): a path given in a form that the URL parser, or a lenient server,
// rewrites into a bulk operation's path must meet the bulk guard as that operation. The client
// judges the URL it is about to send; a "?" or "#" in the path itself is refused outright.

let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => {
  server = await startLocalServer();
  server.handle((_r, res) => json(res, 200, {}));
});
afterAll(() => server.close());

const client = (baseUrl = server.url) => createQStashClient({ token: "raw-paths-token", baseUrl, retry: false }) as any;

/** Forms of a bulk path that reach it: [what the form does, the path]. */
function rewrites(path: string): [string, string][] {
  const parts = path.split("/"); // ["", "v2", "dlq", …]
  const last = parts[parts.length - 1]!;
  const head = parts.slice(0, -1).join("/");
  const encodedLast = `${last.slice(0, -1)}%${last.charCodeAt(last.length - 1).toString(16)}`;
  return [
    ["'./' segment (WHATWG removes it)", `${head}/./${last}`],
    ["'x/../' (WHATWG removes it)", `${head}/x/../${last}`],
    ["'%2e' segment (WHATWG removes it)", `${head}/%2e/${last}`],
    ["'%2E' segment (WHATWG removes it)", `${head}/%2E/${last}`],
    ["'x/%2e%2e/' (WHATWG removes it)", `${head}/x/%2e%2e/${last}`],
    ["'x/%2E%2e/' (WHATWG removes it)", `${head}/x/%2E%2e/${last}`],
    ["'x/.%2E/' (WHATWG removes it)", `${head}/x/.%2E/${last}`],
    ["a trailing '/.' (WHATWG leaves a trailing slash)", `${path}/.`],
    ["a trailing '/x/..' (WHATWG leaves a trailing slash)", `${path}/x/..`],
    ["a tab inside (WHATWG strips it)", `${head}/${last.slice(0, 1)}\t${last.slice(1)}`],
    ["a newline inside (WHATWG strips it)", `${head}/${last.slice(0, 1)}\n${last.slice(1)}`],
    ["a backslash for a slash (WHATWG reads it as /)", `${head}\\${last}`],
    ["an empty '?' (WHATWG drops it)", `${path}?`],
    ["an empty '#' (never sent)", `${path}#`],
    ["a '#' that would swallow the query", `${path}#x`],
    ["a query of its own", `${path}?x=1`],
    ["a trailing slash (a lenient server ignores it)", `${path}/`],
    ["a double slash (a lenient server merges it)", path.replace("/v2/", "/v2//")],
    ["upper case (a case-insensitive server)", path.toUpperCase()],
    ["a percent-encoded letter (a decoding server)", `${head}/${encodedLast}`],
    ["a percent-encoded slash (a decoding server)", path.replace("/v2/", "/v2%2F")],
    ["a ';' parameter (a servlet container drops it)", `${path};x=1`],
  ];
}

describe.each(BULK_OPERATIONS)("$method $path", (op: SpecOperation) => {
  test.each(rewrites(op.path))("%s (%j) without scope is refused before sending", async (_what, path) => {
    await expectRefused(server.received, () => client()[op.method](path, { all: false }));
  });

  test.each(rewrites(op.path))("%s (%j) with a filter never reaches the server unscoped", async (_what, path) => {
    const { reached } = await outcomeOf(server.received, () =>
      client()[op.method](path, { params: { query: { [op.bulk!.filters[0]!]: ["x"] } } }),
    );
    expect(reached.filter((r) => everythingCall(r.method, r.url))).toEqual([]);
  });
});

describe("paths that leave the base URL", () => {
  test("a '..' that climbs out of a base URL's own path reaches the bulk path and is judged there", async () => {
    await expectRefused(server.received, () => client(`${server.url}/proxy`).DELETE("/../v2/dlq", { all: false }));
  });

  test.each([
    ["userinfo and another host", "@127.0.0.2/v2/dlq"],
    ["no leading slash", "v2/dlq"],
  ])("a path that does not start with '/' is refused (%s)", async (_what, path) => {
    await expectRefused(server.received, () => client().DELETE(path, { all: false }));
  });
});
