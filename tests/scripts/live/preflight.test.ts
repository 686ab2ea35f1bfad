/**
 * Before any suite runs, one read the spec defines goes straight to the server. An unreachable
 * server, a refused token or a wrong base URL ends the run in one line (and `npm run verify --
 * --live` with exit code 2), never as a hundred failed cases.
 */
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { liveTarget, preflight, PreflightError } from "../../../scripts/live/preflight.ts";

const TOKEN = "preflight-secret-7c1d";
const fixture = parse(readFileSync("tests/fixtures/live/live.openapi.yaml", "utf8"));
const qstash = JSON.parse(readFileSync("generated/qstash.openapi.json", "utf8"));

/** How the stand-in answers GET /v2/notes (the fixture's first read without parameters). */
let answer: { status: number; type?: string; body?: string; headers?: Record<string, string> } | "silence" = {
  status: 200,
};
let standIn: Server;
let standInUrl: string;
let closedUrl: string;

beforeAll(async () => {
  standIn = createServer((request, response) => {
    if (answer === "silence") return;
    const seen = request.headers.authorization === `Bearer ${TOKEN}`;
    const {
      status,
      type = "application/json",
      body = JSON.stringify({ notes: [], sawToken: seen }),
      headers = {},
    } = answer;
    response.writeHead(status, { "content-type": type, ...headers });
    response.end(body);
  });
  await new Promise<void>((resolve) => standIn.listen(0, "127.0.0.1", resolve));
  standInUrl = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
  // A port that was just free and is closed again: connecting to it is refused.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  standIn.closeAllConnections();
  await new Promise((resolve) => standIn.close(resolve));
});

async function failure(given: typeof answer, url = standInUrl, timeoutMs?: number): Promise<string> {
  answer = given;
  const error = await preflight({ upstream: url, token: TOKEN }, fixture, timeoutMs).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PreflightError);
  const message = (error as Error).message;
  expect(message).not.toContain("\n");
  expect(message).not.toContain(TOKEN);
  return message;
}

describe("preflight", () => {
  it("passes a server that answers the probe as the spec says, sending the token", async () => {
    answer = { status: 200 };
    expect(await preflight({ upstream: standInUrl, token: TOKEN }, fixture)).toBe("GET /v2/notes → 200");
  });

  it("probes the real description with a read that needs no parameters (GET /v2/dlq on the Prism mock)", async () => {
    expect(await preflight({ upstream: inject("prismUrl"), token: TOKEN }, qstash)).toBe("GET /v2/dlq → 200");
  });

  it.each([
    ["an unreachable server", "connection refused", () => failure({ status: 200 }, closedUrl)],
    [
      "a refused token (401)",
      "the server refused QSTASH_TOKEN (401 on GET /v2/notes)",
      () => failure({ status: 401, body: `{"error":"bad token ${TOKEN}"}` }),
    ],
    [
      "a token without rights (403)",
      "the server refused QSTASH_TOKEN (403 on GET /v2/notes)",
      () => failure({ status: 403 }),
    ],
    [
      "a wrong base URL (404 on a read the spec defines)",
      "looks wrong: GET /v2/notes, which the spec defines, answered 404",
      () => failure({ status: 404 }),
    ],
    [
      "a redirect",
      "redirects (301 on GET /v2/notes to https://elsewhere.example/v2/notes)",
      () => failure({ status: 301, headers: { location: "https://elsewhere.example/v2/notes" } }),
    ],
    [
      "a failing server",
      "answered 503; the live run needs a server that answers reads",
      () => failure({ status: 503 }),
    ],
    [
      "a web page instead of the API",
      "does not look like the API: GET /v2/notes answered 200 with text/html, the spec says application/json",
      () => failure({ status: 200, type: "text/html", body: "<html></html>" }),
    ],
    ["a server that never answers", "no answer within 0.3 s", () => failure("silence", standInUrl, 300)],
  ])("ends the run on %s, in one line", async (_, expected, run) => {
    expect(await run()).toContain(expected);
  });
});

describe("liveTarget", () => {
  it.each([
    [{}, "QSTASH_URL is not set: export QSTASH_URL="],
    [{ QSTASH_URL: "https://qstash.upstash.io" }, "QSTASH_TOKEN is not set: export QSTASH_TOKEN"],
    [
      { QSTASH_URL: "qstash.upstash.io", QSTASH_TOKEN: TOKEN },
      "QSTASH_URL is not a URL (qstash.upstash.io): give the base URL with its scheme",
    ],
    [{ QSTASH_URL: "ftp://qstash.upstash.io", QSTASH_TOKEN: TOKEN }, "QSTASH_URL must be an http(s) URL, not ftp:"],
    [
      { QSTASH_URL: `https://qstash.upstash.io/?qstash_token=${TOKEN}`, QSTASH_TOKEN: TOKEN },
      "QSTASH_URL must be a base URL without a query",
    ],
  ])("refuses %j", (env, expected) => {
    expect(() => liveTarget({}, env)).toThrow(PreflightError);
    expect(() => liveTarget({}, env)).toThrow(expected);
  });

  it("drops a trailing slash", () => {
    expect(liveTarget({}, { QSTASH_URL: "https://qstash.upstash.io/", QSTASH_TOKEN: TOKEN })).toEqual({
      upstream: "https://qstash.upstash.io",
      token: TOKEN,
    });
  });
});

describe("npm run verify -- --live", () => {
  const verify = (env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/verify.ts", "--live"], {
      env: { ...process.env, ...env },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );

  it.each([
    ["unreachable", () => closedUrl, `cannot reach QSTASH_URL`],
    ["refusing the token", () => standInUrl, "the server refused QSTASH_TOKEN (401 on GET /v2/dlq)"],
  ])(
    "exits 2 with one line when the server is %s",
    async (_, url, expected) => {
      answer = { status: 401 };
      const { code, stderr } = await verify({ QSTASH_URL: url(), QSTASH_TOKEN: TOKEN });
      expect(code).toBe(2);
      const last = stderr.trim().split("\n").at(-1)!;
      expect(last).toMatch(/^error: live preflight: /);
      expect(last).toContain(expected);
      expect(stderr).not.toContain(TOKEN);
    },
    60_000,
  );

  it("exits 2 without QSTASH_URL, saying how to set it", async () => {
    const { code, stderr } = await verify({ QSTASH_URL: "", QSTASH_TOKEN: TOKEN });
    expect(code).toBe(2);
    expect(stderr.trim().split("\n").at(-1)).toBe(
      "error: live preflight: QSTASH_URL is not set: export QSTASH_URL=https://qstash.upstash.io (or your region's base URL)",
    );
  }, 60_000);
});
