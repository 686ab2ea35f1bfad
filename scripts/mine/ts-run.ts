import { AsyncLocalStorage } from "node:async_hooks";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import ts from "typescript";
import { mapConcurrent } from "../lib/map-concurrent.ts";
import { MOCKED_SPEC, startPrism, type RunningPrism } from "../contract/prism.ts";
import { startRecorder, type RecordedRequest } from "../contract/clients/recorder.ts";

/**
 * Runs TypeScript snippets that call an SDK client against a recorder in front of a Prism mock of the
 * spec, so that what each one sends is known exactly as the SDK sends it (the clients suite's way, with
 * the page's own arguments). A snippet runs as written, its left-out context standing in: a left-out
 * `client` is a real client of the SDK it shows, a left-out SDK export is that export, anything else
 * (a `req`, a framework module) stops the snippet where it is first used. Every request goes to the
 * recorder, wherever the snippet points it; each snippet has a bound on its requests and its time.
 */

export interface RunnableSnippet {
  /** The snippet's code as compiled (a returning body already wrapped in `snippetBody`). */
  text: string;
  sdk: "@upstash/qstash" | "@upstash/workflow";
  elided: string[];
  wrapped: boolean;
}

export interface SnippetRun {
  requests: RecordedRequest[];
  /** Why it stopped early: an error it threw (token removed), the request bound, the time bound. */
  stopped?: string;
}

/** Requests one snippet may send: its loops follow the mock's answers, which may never say "done". */
export const MAX_REQUESTS = 6;
/** Snippets run side by side: each waits on the mock most of its time. */
const CONCURRENCY = 6;
/** Time one snippet may take: a hang guard with room for a loaded machine (they take milliseconds). */
const MAX_MS = 10_000;
/** The mock checks no token's value; the snippets carry the page's placeholder anyway. */
const TOKEN = "mine-token";
const requireFromProject = createRequire(join(process.cwd(), "package.json"));

interface Slot {
  id: string;
  sent: number;
  closed: boolean;
}

/**
 * Runs the snippets on a mock of the spec: `mock` may be one already starting (its workers boot while the
 * snippets compile); without it one is started here. The mock is stopped at the end either way.
 */
export async function runSnippets(
  snippets: RunnableSnippet[],
  mock: Promise<RunningPrism> = startPrism(),
): Promise<SnippetRun[]> {
  const description = JSON.parse(readFileSync(MOCKED_SPEC, "utf8"));
  const prism = await mock;
  const recorder = await startRecorder({ upstream: prism.url, description, token: TOKEN });
  const slots = new AsyncLocalStorage<Slot>();
  const realFetch = globalThis.fetch;
  const passThrough = new Set([new URL(prism.url).origin, new URL(recorder.url).origin]);
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const swallow = () => undefined;
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (passThrough.has(url.origin)) return realFetch(input, init);
    const slot = slots.getStore();
    if (!slot || slot.closed) return Promise.resolve(refusal("the snippet's run is over"));
    if (slot.sent >= MAX_REQUESTS) return Promise.resolve(refusal(`request bound (${MAX_REQUESTS}) reached`));
    slot.sent++;
    return realFetch(`${recorder.baseUrlFor(slot.id)}${url.pathname}${url.search}`, init);
  };
  Object.assign(console, { log: swallow, info: swallow, warn: swallow, error: swallow });
  process.on("unhandledRejection", swallow);
  const reopen = closeTheDoors();
  try {
    return await mapConcurrent([...snippets.entries()], CONCURRENCY, async ([index, snippet]) => {
      const slot: Slot = { id: `snippet-${index}`, sent: 0, closed: false };
      const error = await slots.run(slot, () => runOne(snippet));
      slot.closed = true;
      // A loop stopped by the bound ends in the SDK's error about the refusal: the bound is the reason.
      const stopped = slot.sent >= MAX_REQUESTS ? `request bound (${MAX_REQUESTS}) reached` : error;
      return { requests: recorder.take(slot.id).map((e) => e.request), ...(stopped ? { stopped } : {}) };
    });
  } finally {
    reopen();
    globalThis.fetch = realFetch;
    Object.assign(console, saved);
    process.off("unhandledRejection", swallow);
    await recorder.close();
    await prism.stop();
  }
}

/** Runs one snippet to its end, its first error or the time bound; returns why it stopped early, if it did. */
async function runOne(snippet: RunnableSnippet): Promise<string | undefined> {
  const code = ts.transpileModule(snippet.wrapped ? `${snippet.text}\nawait snippetBody();` : snippet.text, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.React },
  }).outputText;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  // The snippet's own waits (a retry after five seconds) are cut short; its intervals end with it.
  const quick = {
    setTimeout: (fn: () => void, _ms?: number) => track(timers, setTimeout(fn, 1)),
    setInterval: (fn: () => void, _ms?: number) => track(timers, setInterval(fn, 5)),
  };
  const elided = snippet.elided.map((name) => standIn(name, snippet.sdk));
  const globals = {
    require: snippetRequire,
    exports: {},
    module: { exports: {} },
    process: { env: placeholderEnv(), exit: () => stop("process.exit") },
    console: { log() {}, info() {}, warn() {}, error() {}, debug() {} },
    ...quick,
  };
  const names = [...Object.keys(globals), ...snippet.elided];
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const body = compiled(names, code);
    const outcome = await Promise.race([
      body(...Object.values(globals), ...elided).then(() => undefined),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`time bound (${MAX_MS} ms) reached`), MAX_MS);
      }),
    ]);
    return outcome;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).split(TOKEN).join("<token>").slice(0, 160);
  } finally {
    clearTimeout(timer);
    for (const t of timers) clearTimeout(t);
  }
}

/**
 * The snippet as a function of its globals. A block that shows alternatives one after the other
 * declares the same constant twice: its declarations then run as `var`, so that every alternative runs.
 */
function compiled(names: string[], code: string): (...values: unknown[]) => Promise<unknown> {
  try {
    return new AsyncFunction(...names, code);
  } catch (error) {
    if (!(error instanceof SyntaxError) || !/already been declared/.test(error.message)) throw error;
    return new AsyncFunction(...names, code.replace(/\b(?:const|let)\s/g, "var "));
  }
}

const AsyncFunction = (async () => undefined).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>;

/** The SDKs as installed; any other module is left-out context. */
function snippetRequire(name: string): unknown {
  if (/^@upstash\/(qstash|workflow)(\/|$)/.test(name)) {
    try {
      return requireFromProject(name);
    } catch {
      return elidedValue(`module ${name}`);
    }
  }
  return elidedValue(`module ${name}`);
}

function standIn(name: string, sdk: RunnableSnippet["sdk"]): unknown {
  const module = requireFromProject(sdk) as Record<string, unknown>;
  if (name === "client") return new (module.Client as new (config: object) => unknown)({ token: "<QSTASH_TOKEN>" });
  for (const candidate of [module, requireFromProject("@upstash/qstash"), requireFromProject("@upstash/workflow")])
    if (name in (candidate as object)) return (candidate as Record<string, unknown>)[name];
  return elidedValue(name);
}

/** A value the page leaves to the reader: any use stops the snippet, saying what was missing. */
function elidedValue(what: string): unknown {
  const fail = () => stop(`needs the reader's ${what}`);
  return new Proxy(function elided() {}, { get: fail, apply: fail, construct: fail });
}

function stop(reason: string): never {
  throw new Error(reason);
}

/** `process.env.X` reads as the placeholder `<X>`; an address left unset lets the SDK use its default. */
function placeholderEnv(): Record<string, string | undefined> {
  return new Proxy(
    {},
    { get: (_, name) => (typeof name !== "string" || name.endsWith("_URL") ? undefined : `<${name}>`) },
  );
}

/**
 * While snippets run, nothing else is reachable: the SDKs' own environment variables (QSTASH_URL,
 * QSTASH_DEV, region credentials…) are hidden, Node's http and https reach loopback only, and no child
 * process starts (the SDK's dev mode would download a server and run it). Returns the undo.
 */
export function closeTheDoors(): () => void {
  const hidden = Object.keys(process.env).filter((key) => /QSTASH|UPSTASH/i.test(key));
  const values = hidden.map((key) => [key, process.env[key]] as const);
  for (const key of hidden) delete process.env[key];
  const restore: (() => void)[] = [() => values.forEach(([key, value]) => (process.env[key] = value))];
  const patch = (module: Record<string, unknown>, names: string[], guard: (...args: unknown[]) => void) => {
    for (const name of names) {
      const original = module[name] as (...args: unknown[]) => unknown;
      module[name] = (...args: unknown[]) => {
        guard(...args);
        return original(...args);
      };
      restore.push(() => (module[name] = original));
    }
  };
  const loopbackOnly = (target: unknown, options?: unknown) => {
    const host =
      typeof target === "string" || target instanceof URL
        ? new URL(String(target)).hostname
        : String(
            (target as { hostname?: string; host?: string })?.hostname ??
              (target as { host?: string })?.host ??
              (options as { host?: string })?.host ??
              "",
          );
    if (!/^(127\.0\.0\.1|localhost|::1|\[::1\])$/.test(host))
      stop(`a snippet tried to reach ${host}; only the recorder is reachable`);
  };
  for (const name of ["node:http", "node:https"])
    patch(requireFromProject(name) as Record<string, unknown>, ["request", "get"], loopbackOnly);
  patch(
    requireFromProject("node:child_process") as Record<string, unknown>,
    ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"],
    () => stop("a snippet tried to start a process"),
  );
  return () => restore.reverse().forEach((undo) => undo());
}

function refusal(reason: string): Response {
  return new Response(JSON.stringify({ error: `mine: ${reason}` }), {
    status: 400,
    headers: { "content-type": "application/json" },
  });
}

function track<T>(timers: Set<T>, timer: T): T {
  timers.add(timer);
  return timer;
}
