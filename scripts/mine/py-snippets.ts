import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CapturedName, CapturedRequest, CaptureFile } from "../captures/capture-types.ts";

/**
 * Checks Python example snippets statically against qstash-py's public signatures at the pinned commit
 * (tests/fixtures/sdk/qstash-py-signatures.json): each call on a QStash client must name an attribute
 * the client has and a method that attribute's class has, pass no more positional arguments than the
 * method takes and every required one, and use only keyword names the method declares. For a call the
 * SDK's captured requests cover (tests/fixtures/sdk/qstash-py.json), the request it sends is the
 * capture's, narrowed to the names the snippet's arguments set.
 */

export const SDK_DIR = "tests/fixtures/sdk";
const CALLS_READER = fileURLToPath(new URL("./python-calls.py", import.meta.url));

interface Param {
  name: string;
  kind: "positional" | "keyword" | "var-positional" | "var-keyword";
  optional: boolean;
  line: number;
}

interface Signatures {
  repository: string;
  commit: string;
  client: { class: string; file: string; attributes: Record<string, { class: string; line: number }> };
  classes: Record<string, { file: string; methods: Record<string, { line: number; params: Param[] }> }>;
}

interface ReadCall {
  line: number;
  chain: string[];
  positional: number;
  keywords: string[];
  unpacks: boolean;
  elided: boolean;
}

export interface CheckedCall {
  /** 1-based line within the snippet. */
  line: number;
  /** As a caller writes it: `dlq.list`. */
  call: string;
  /** What does not fit the SDK's signature, in our words; empty when the call fits. */
  problems: string[];
  /** The SDK's source of the method called, when it has one. */
  source?: { file: string; line: number };
  /** The request the call sends, from the capture, narrowed to the names its arguments set. */
  request?: CapturedRequest;
  /** The page elides the call's arguments (`publish_json(...)`): neither they nor the request are checked. */
  elided?: boolean;
}

export interface CheckedSnippet {
  syntax?: { line: number; message: string };
  calls: CheckedCall[];
}

export interface PythonSdk {
  repository: string;
  commit: string;
  /** Reads the snippets in one python3 process, while this process does other work. */
  check(texts: string[]): Promise<CheckedSnippet[]>;
}

const run = promisify(execFile);

/** The pinned SDK's facts; undefined with the reason when python3 or the fixtures are missing. */
export function pythonSdk(dir = SDK_DIR): PythonSdk | { missing: string } {
  let signatures: Signatures;
  let captures: CaptureFile;
  try {
    signatures = JSON.parse(readFileSync(join(dir, "qstash-py-signatures.json"), "utf8"));
    captures = JSON.parse(readFileSync(join(dir, "qstash-py.json"), "utf8"));
  } catch {
    return { missing: `the qstash-py facts are not in ${dir} (npm run capture:sdks -- --py <checkout>)` };
  }
  return {
    repository: signatures.repository,
    commit: signatures.commit,
    async check(texts) {
      if (!texts.length) return [];
      const reading = run("python3", [CALLS_READER], { encoding: "utf8", maxBuffer: 16 << 20 });
      reading.child.stdin?.end(JSON.stringify(texts));
      const read = JSON.parse((await reading).stdout) as (
        | { syntax: CheckedSnippet["syntax"] }
        | { calls: ReadCall[] }
      )[];
      return read.map((snippet) =>
        "syntax" in snippet
          ? { syntax: snippet.syntax, calls: [] }
          : { calls: snippet.calls.map((c) => checkCall(c, signatures, captures)) },
      );
    },
  };
}

/** python3 can run the reader (the miner leaves Python snippets out, with the reason, when it cannot). */
export function hasPython(): boolean {
  try {
    execFileSync("python3", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function checkCall(read: ReadCall, signatures: Signatures, captures: CaptureFile): CheckedCall {
  const call = read.chain.join(".");
  const client = signatures.client;
  const [attribute, method, ...deeper] = read.chain;
  const base = { line: read.line, call };
  const owner = client.attributes[attribute];
  if (!owner)
    return {
      ...base,
      problems: [
        `${client.class} (${client.file}) has no attribute \`${attribute}\` (it has ${Object.keys(client.attributes)
          .filter((a) => a !== "http")
          .join(", ")})`,
      ],
    };
  const cls = signatures.classes[owner.class];
  const signature = method === undefined ? undefined : cls?.methods[method];
  if (!signature || deeper.length)
    return {
      ...base,
      problems: [
        `${owner.class} (${cls?.file ?? "?"}) has no method \`${method}\` (it has ${Object.keys(cls?.methods ?? {}).join(", ")})`,
      ],
    };
  const source = { file: cls.file, line: signature.line };
  if (read.elided) return { ...base, problems: [], source, elided: true };
  const problems = argumentProblems(read, signature.params, `${owner.class}.${method}`);
  const capture = captures.captures.find((c) => c.call === `${attribute}.${method}`);
  const given = givenNames(read, signature.params);
  return { ...base, problems, source, ...(capture ? { request: narrowed(capture.request, given) } : {}) };
}

function argumentProblems(read: ReadCall, params: Param[], name: string): string[] {
  if (read.unpacks) return [];
  const problems: string[] = [];
  const positional = params.filter((p) => p.kind === "positional");
  if (read.positional > positional.length && !params.some((p) => p.kind === "var-positional"))
    problems.push(`${name} takes ${positional.length} positional argument(s), the snippet passes ${read.positional}`);
  const named = new Set(params.filter((p) => p.kind === "positional" || p.kind === "keyword").map((p) => p.name));
  if (!params.some((p) => p.kind === "var-keyword"))
    for (const keyword of read.keywords.filter((k) => !named.has(k)))
      problems.push(`${name} has no parameter \`${keyword}\``);
  const given = new Set([...positional.slice(0, read.positional).map((p) => p.name), ...read.keywords]);
  for (const missing of params.filter(
    (p) => !p.optional && (p.kind === "positional" || p.kind === "keyword") && !given.has(p.name),
  ))
    problems.push(`${name} requires \`${missing.name}\`, which the snippet does not pass`);
  return problems;
}

/** The parameter names the snippet's arguments set (positional ones by their place). */
function givenNames(read: ReadCall, params: Param[]): string[] {
  const positional = params
    .filter((p) => p.kind === "positional")
    .slice(0, read.positional)
    .map((p) => p.name);
  return [...positional, ...read.keywords];
}

/** `queue_name`, `queueName`, `Upstash-Queue-Name` are one name to this comparison. */
function comparable(name: string): string {
  return name
    .toLowerCase()
    .replace(/^upstash-/, "")
    .replace(/[^a-z0-9]/g, "");
}

/**
 * The captured request with only what the given arguments set: a query parameter, header or body field
 * whose name an argument's name begins (`flow_control` sets Upstash-Flow-Control-Key and -Value;
 * `headers` the forwarded family). The path and the Content-Type the SDK always sends stay.
 */
function narrowed(request: CapturedRequest, given: string[]): CapturedRequest {
  const keys = given.map(comparable);
  const sets = (entry: CapturedName) => {
    const name = comparable(entry.name.replace(/-?\*$/, ""));
    return (
      entry.name.toLowerCase() === "content-type" ||
      keys.some((key) => key && (name === key || name.startsWith(key))) ||
      (entry.name.endsWith("*") &&
        keys.includes("headers") &&
        /forward/i.test(entry.name) &&
        !/callback/i.test(entry.name))
    );
  };
  // A body built from one whole argument (a batch's messages, a group's endpoints) keeps every field.
  const fields = request.body.kind === "json" ? request.body.fields.filter(sets) : [];
  const body = request.body.kind === "json" && fields.length ? { ...request.body, fields } : request.body;
  return { ...request, query: request.query.filter(sets), headers: request.headers.filter(sets), body };
}
