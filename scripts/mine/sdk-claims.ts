import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedRequest } from "../contract/clients/recorder.ts";
import type { Origin } from "./mdx.ts";
import type { LeftOut, MinedClaim } from "./page-claims.ts";
import { hasPython, pythonSdk, type CheckedSnippet } from "./py-snippets.ts";
import type { SdkSnippet } from "./sdk-snippets.ts";
import { startPrism } from "../contract/prism.ts";
import { runSnippets, type SnippetRun } from "./ts-run.ts";
import { compileSnippets, type CompiledSnippet } from "./ts-snippets.ts";

/**
 * The SDK example snippets of a whole revision, as claims: one `sdk-snippet` claim per snippet (it
 * compiles against, or its calls fit, the SDK it shows) and one `sdk-request` claim per distinct request
 * it sends (TypeScript: recorded by running it on a mock; Python: the capture of the method it calls).
 * A snippet that cannot be checked is left out, with the reason.
 */

export type SdkClaim = [slug: string, claim: Omit<MinedClaim, "id">, at: Origin];

export interface PageSdk {
  claims: SdkClaim[];
  leftOut: LeftOut[];
  /** SDK snippets found on the page, checked or not. */
  found: number;
}

/** A hang guard for the mock's start: it boots while this thread compiles, on a machine that may be busy. */
const MOCK_READY_MS = 120_000;
/** Needs a client call to be worth running; dev mode would start a local server, so it never runs. */
const DEV_MODE = /\bdevMode\b|QSTASH_DEV/;

export async function sdkExampleClaims(snippets: SdkSnippet[]): Promise<Map<string, PageSdk>> {
  const pages = new Map<string, PageSdk>();
  const page = (path: string) => {
    if (!pages.has(path)) pages.set(path, { claims: [], leftOut: [], found: 0 });
    return pages.get(path)!;
  };
  for (const snippet of snippets) page(snippet.page).found++;
  const leaveOut = (snippet: SdkSnippet, reason: string, detail: string) =>
    page(snippet.page).leftOut.push({ line: pageLine(snippet.block.at), language: snippet.language, reason, detail });
  for (const snippet of snippets.filter((s) => s.leftOut)) leaveOut(snippet, "not-checked", snippet.leftOut!);
  const unparsed = (snippet: SdkSnippet, syntax: { line: number; message: string }) =>
    leaveOut(
      snippet,
      "does-not-parse",
      `line ${pageLine(snippet.block.at, syntax.line)}: ${syntax.message} (an elision or a fragment)`,
    );

  // The mock's workers and the Python reader start first: they work while this thread compiles.
  const mock = startPrism({ readyTimeoutMs: MOCK_READY_MS });
  const python = snippets.filter((s) => s.language === "python" && !s.leftOut);
  const sdk = python.length && hasPython() ? pythonSdk() : { missing: "python3 is not installed" };
  const checking = "missing" in sdk ? Promise.resolve([]) : sdk.check(python.map((s) => s.block.text));

  const typescript = snippets.filter((s) => s.language === "typescript" && !s.leftOut);
  const sources = typescript.map((s) => ({
    text: s.block.text,
    sdk: s.sdk as "@upstash/qstash" | "@upstash/workflow",
    javascript: s.javascript,
    jsx: /sx$/.test(s.block.lang),
  }));
  let compiled: CompiledSnippet[];
  try {
    compiled = compileSnippets(sources);
  } catch (error) {
    await (await mock).stop(); // nothing keeps running after a failure
    throw error;
  }
  const runnable = typescript
    .map((snippet, i) => ({ snippet, compiled: compiled[i] }))
    .filter(({ snippet, compiled }) => !compiled.syntax && callsClient(compiled) && !DEV_MODE.test(snippet.block.text));
  const runs = await runSnippets(
    runnable.map(({ snippet, compiled }) => ({
      text: compiled.source,
      sdk: snippet.sdk as "@upstash/qstash" | "@upstash/workflow",
      elided: compiled.elided,
      wrapped: compiled.wrapped,
    })),
    mock,
  );
  const runOf = new Map(runnable.map(({ snippet }, i) => [snippet, runs[i]]));
  typescript.forEach((snippet, i) => {
    const result = compiled[i];
    if (result.syntax) return unparsed(snippet, result.syntax);
    page(snippet.page).claims.push(
      ...typescriptClaims(snippet, result, runOf.get(snippet), DEV_MODE.test(snippet.block.text)),
    );
  });

  if ("missing" in sdk) {
    for (const snippet of python)
      leaveOut(snippet, "not-checked", `the Python SDK's facts are not at hand: ${sdk.missing}`);
    return pages;
  }
  const checked = await checking;
  python.forEach((snippet, i) => {
    const result = checked[i];
    if (result.syntax) return unparsed(snippet, result.syntax);
    page(snippet.page).claims.push(...pythonClaims(snippet, result, `qstash-py@${sdk.commit.slice(0, 12)}`));
  });
  return pages;
}

function typescriptClaims(
  snippet: SdkSnippet,
  result: CompiledSnippet,
  run: SnippetRun | undefined,
  devMode: boolean,
): SdkClaim[] {
  const sdk = `${snippet.sdk}@${installedVersion(snippet.sdk)}`;
  const at = snippet.block.at;
  const diagnostics = result.diagnostics.map((d) => ({
    line: pageLine(at, d.line),
    code: d.code,
    message: d.message,
    ...(d.at ? { at: d.at } : {}),
  }));
  const ran = run
    ? { requests: run.requests.length, ...(run.stopped ? { stopped: run.stopped } : {}) }
    : {
        requests: 0,
        stopped: devMode
          ? "not run: it turns on the SDK's dev mode, which starts a local server"
          : "not run: it makes no call on an SDK client",
      };
  const compiles = diagnostics.length ? "does not compile" : "compiles";
  const claims: SdkClaim[] = [
    [
      `sdk-typescript-l${pageLine(at)}`,
      {
        kind: "sdk-snippet",
        operation: "ANY *",
        statement: `The TypeScript snippet ${compiles} against ${sdk} in strict mode${result.elided.length ? ` (left-out context declared: ${result.elided.join(", ")})` : ""}.`,
        snippet: {
          language: "typescript",
          sdk,
          lines: [pageLine(at), pageLine(at, snippet.block.text.split("\n").length)],
          calls: result.calls,
          ...(result.elided.length ? { elided: result.elided } : {}),
          ...(result.elidedModules.length ? { elidedModules: result.elidedModules } : {}),
          ...(result.wrapped ? { wrapped: true } : {}),
          diagnostics,
          run: ran,
        },
      },
      at,
    ],
  ];
  for (const request of distinct(run?.requests ?? [])) claims.push(requestClaim(snippet, sdk, request));
  return claims;
}

function requestClaim(snippet: SdkSnippet, sdk: string, request: RecordedRequest): SdkClaim {
  const query = request.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  const url = `https://qstash.upstash.io${request.path}${query ? `?${query}` : ""}`;
  return [
    `sdk-request-l${pageLine(snippet.block.at)}`,
    {
      kind: "sdk-request",
      operation: `${request.method} ${request.path}`,
      statement: `Run on a mock, the TypeScript snippet sends ${request.method} ${request.path} through ${sdk}.`,
      sdk: { package: snippet.sdk, version: sdk.split("@").pop() },
      example: {
        language: "typescript",
        method: request.method,
        url,
        headers: withoutSecrets(request.headers),
        ...(request.body?.text !== undefined ? { body: request.body.text } : {}),
      },
    },
    snippet.block.at,
  ];
}

function pythonClaims(snippet: SdkSnippet, result: CheckedSnippet, sdk: string): SdkClaim[] {
  const at = snippet.block.at;
  const problems = result.calls.flatMap((call) =>
    call.problems.map((problem) => ({ line: pageLine(at, call.line), call: call.call, problem })),
  );
  const fits = problems.length ? "do not all fit" : "fit";
  const claims: SdkClaim[] = [
    [
      `sdk-python-l${pageLine(at)}`,
      {
        kind: "sdk-snippet",
        operation: "ANY *",
        statement: `The Python snippet's calls on a QStash client ${fits} the signatures of ${sdk}.`,
        snippet: {
          language: "python",
          sdk,
          lines: [pageLine(at), pageLine(at, snippet.block.text.split("\n").length)],
          calls: [...new Set(result.calls.map((c) => c.call))],
          ...(result.calls.some((c) => c.elided) ? { elidedArguments: true } : {}),
          problems,
        },
      },
      at,
    ],
  ];
  const seen = new Set<string>();
  for (const call of result.calls.filter((c) => c.request && !c.problems.length)) {
    const key = JSON.stringify([call.call, call.request]);
    if (seen.has(key)) continue;
    seen.add(key);
    const request = call.request!;
    claims.push([
      `sdk-request-l${pageLine(at)}`,
      {
        kind: "sdk-request",
        operation: `${request.method} ${request.path}`,
        statement: `The Python snippet's \`${call.call}\` sends ${request.method} ${request.path} (the request qstash-py builds, narrowed to the arguments the snippet passes).`,
        sdk: {
          package: "qstash-py",
          version: sdk.split("@").pop(),
          call: call.call,
          ...(call.source ? { source: call.source } : {}),
        },
        capture: request,
      },
      at,
    ]);
  }
  return claims;
}

/**
 * Credentials a snippet forwards (`Upstash-Forward-Authorization`, an API key for an LLM provider) are
 * never stored, whatever the page wrote there: the value keeps its scheme and becomes a placeholder.
 */
function withoutSecrets(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      if (!/auth|api-?key|token|secret|password/i.test(name)) return [name, value];
      const scheme = /^(Bearer|Basic)\s/i.exec(value)?.[1];
      return [name, scheme ? `${scheme} <token>` : "<secret>"];
    }),
  );
}

/** A page line: the block's own, or for a snippet pulled in by `<Snippet>`, the tag's. */
function pageLine(at: Origin, lineInBlock = 1): number {
  return at.via ? at.via.line : at.line + lineInBlock - 1;
}

/** A snippet calls an SDK client when it makes one (`new Client`) or uses one it leaves out. */
function callsClient(compiled: CompiledSnippet): boolean {
  return compiled.calls.some((c) => /^Client$|\.Client$/.test(c)) || compiled.elided.includes("client");
}

/** The same request sent again (a loop following the mock's cursor) counts once. */
function distinct(requests: RecordedRequest[]): RecordedRequest[] {
  const seen = new Set<string>();
  return requests.filter((r) => {
    const key = JSON.stringify([r.method, r.path, r.query, r.headers, r.body]);
    return !seen.has(key) && seen.add(key) !== undefined;
  });
}

const versions = new Map<string, string>();
function installedVersion(name: string): string {
  if (!versions.has(name))
    versions.set(name, JSON.parse(readFileSync(join("node_modules", name, "package.json"), "utf8")).version);
  return versions.get(name)!;
}
