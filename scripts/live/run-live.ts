import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { MOCKED_SPEC, startPrism } from "../contract/prism.ts";
import type { Suite, SuiteOutcome } from "../contract/suite.ts";
import { unfoldDestination } from "../contract/mock-destination.ts";
import type { CleanupResult } from "./cleanup.ts";
import { startDestinationHop } from "./destination-hop.ts";
import { startGate } from "./gate.ts";
import { liveOutcome } from "./live-outcome.ts";
import { liveTarget, preflight } from "./preflight.ts";
import { redact } from "../../src/redact.ts";

export interface LiveOptions {
  /** The suites to run through the proxy (claims, operations, …), by name. */
  suites: Record<string, Suite>;
  /** Send requests that change state too (and delete what they created at the end). Off by default. */
  allowWrites?: boolean;
  /** Base URL of the real server; default QSTASH_URL. */
  upstream?: string;
  /** Default QSTASH_TOKEN. Never printed. */
  token?: string;
  /** The corrected description Prism validates against. */
  spec?: string;
  /** Probe the server before the suites run (default true; verify runs it as a step of its own). */
  preflight?: boolean;
}

export interface LiveResult {
  /** What Prism's proxy found: every request or answer that breaks the spec, what was held back, what was cleaned up. */
  live: SuiteOutcome;
  /** The suites' own outcomes, run against the live server. */
  suites: SuiteOutcome[];
}

/**
 * `npm run verify -- --live`: the suites run unchanged, but their base URL leads through a gate
 * (which holds back what could act on everything, and state-changing calls unless allowed) to
 * `prism proxy`, which validates every request and every answer of the real server against the
 * spec. A preflight read comes first; with writes allowed, what the run created is deleted last.
 * Throws PreflightError (one line) when the server cannot be used.
 */
export async function runLive(options: LiveOptions): Promise<LiveResult> {
  const target = liveTarget(options);
  const { upstream, token } = target;
  const spec = options.spec ?? MOCKED_SPEC;
  const allowWrites = options.allowWrites ?? false;
  const description = JSON.parse(readFileSync(spec, "utf8"));
  if (options.preflight !== false) await preflight(target, description);
  // Prism validates destinations folded; the hop behind it hands them to the server raw, as the client sends them.
  const hop = await startDestinationHop(upstream, (method, url) => unfoldDestination(description, method, url));
  const prism = await startPrism({ mode: "proxy", spec, upstream: hop.url }).catch(async (error) => {
    await hop.stop();
    throw error;
  });
  const outcomes: SuiteOutcome[] = [];
  const started = performance.now();
  let cleanup: CleanupResult[] = [];
  try {
    const gate = await startGate({ prismUrl: prism.url, upstreamUrl: upstream, description, allowWrites, token });
    try {
      for (const [name, suite] of Object.entries(options.suites)) {
        const outcome = await suite({ baseUrl: gate.url, token, mode: "live", allowWrites, description });
        outcomes.push(scrub({ ...outcome, suite: `${name} (live)` }, token));
      }
    } finally {
      cleanup = await gate.tracker.cleanUp();
      await gate.stop();
    }
    const durationMs = performance.now() - started;
    const live = liveOutcome({
      exchanges: gate.exchanges,
      cleanup,
      allowWrites,
      upstream: redact(upstream, token),
      durationMs,
    });
    return { live: scrub(live, token), suites: outcomes };
  } finally {
    await prism.stop();
    await hop.stop();
  }
}

/** A last pass over everything bound for a report: the token must not be in it in any form. */
function scrub<T>(value: T, token: string): T {
  return JSON.parse(redact(JSON.stringify(value), token)) as T;
}
