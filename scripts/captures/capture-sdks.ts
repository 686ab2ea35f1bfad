/**
 * `npm run capture:sdks -- --py <qstash-py checkout> --go <qstash-go checkout>`: captures, from the
 * source of the official Python and Go SDKs at the checkout's commit, the requests their REST methods
 * build (method, path template, query, header and body field names, each with its source line), and
 * writes them as facts to tests/fixtures/sdk/ with the repository and commit they came from. The
 * clients suite judges them like the TypeScript SDKs' live recordings. Never runs the SDKs' code.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand, UsageError } from "../lib/cli.ts";
import { progress } from "../lib/progress.ts";
import { writeFilesAtomically } from "../lib/write-atomic.ts";
import { SpecError } from "../spec/spec-error.ts";
import type { CaptureFile } from "./capture-types.ts";
import { captureGo } from "./go-requests.ts";

export const SDK_FIXTURES_DIR = "tests/fixtures/sdk";
const PYTHON_EXTRACTOR = fileURLToPath(new URL("./python-requests.py", import.meta.url));
const PYTHON_SIGNATURES = fileURLToPath(new URL("./python-signatures.py", import.meta.url));
/** The Python SDK's public call signatures, beside its requests: the docs miner checks Python snippets against them. */
export const PY_SIGNATURES_FILE = "qstash-py-signatures.json";

const SDKS = {
  py: {
    sdk: "qstash-py",
    repository: "upstash/qstash-py",
    marker: "qstash/client.py",
    extractor: "scripts/captures/python-requests.py (python3 ast)",
  },
  go: {
    sdk: "qstash-go",
    repository: "upstash/qstash-go",
    marker: "client.go",
    extractor: "scripts/captures/go-requests.ts (static reader)",
  },
} as const;

const COMMAND = {
  usage: "usage: npm run capture:sdks -- [--py <qstash-py checkout>] [--go <qstash-go checkout>]",
  help: `Reads the official Python and Go SDKs' source at a checkout and writes the requests their REST
methods build to ${SDK_FIXTURES_DIR}/qstash-py.json and qstash-go.json, with repository, commit and lines
(and the Python SDK's call signatures to ${SDK_FIXTURES_DIR}/${PY_SIGNATURES_FILE}, for the docs miner).
  --py  a checkout of upstash/qstash-py   (git clone /work/.mirror/upstash+qstash-py/repo /tmp/qstash-py)
  --go  a checkout of upstash/qstash-go   (git clone /work/.mirror/upstash+qstash-go/repo /tmp/qstash-go)`,
  options: { py: { type: "string" as const }, go: { type: "string" as const } },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runCommand(COMMAND, async ({ values }) => {
    const wanted = (["py", "go"] as const).filter((key) => typeof values[key] === "string");
    if (!wanted.length) throw new UsageError("give at least one checkout: --py or --go");
    const step = progress(wanted.length + 1);
    const files: Record<string, string> = {};
    for (const key of wanted) {
      const checkout = values[key] as string;
      const capture = await step(`capture ${SDKS[key].repository} at ${checkout}`, () =>
        captureCheckout(key, checkout),
      );
      files[`${capture.sdk}.json`] = `${JSON.stringify(capture, null, 2)}\n`;
      if (key === "py") files[PY_SIGNATURES_FILE] = `${JSON.stringify(pythonSignatures(checkout, capture), null, 2)}\n`;
      const unresolved = capture.unresolved.length ? `, ${capture.unresolved.length} place(s) not followed` : "";
      process.stdout.write(
        `${capture.sdk}: ${capture.captures.length} request(s) at ${capture.commit.slice(0, 12)}${unresolved}\n`,
      );
    }
    await step(`write ${SDK_FIXTURES_DIR}/`, () => writeFilesAtomically(SDK_FIXTURES_DIR, files));
  });
}

export function captureCheckout(key: keyof typeof SDKS, checkout: string): CaptureFile {
  const about = SDKS[key];
  if (!existsSync(join(checkout, about.marker))) {
    const problem = `is not a checkout of ${about.repository} (no ${about.marker})`;
    throw new SpecError(checkout, "", problem, `git clone the ${about.sdk} mirror and pass its directory`);
  }
  const commit = git(checkout, "rev-parse", "HEAD");
  const committedAt = git(checkout, "log", "-1", "--format=%cI");
  const base = { sdk: about.sdk, repository: about.repository, commit, committedAt, extractor: about.extractor };
  if (key === "go") return { ...base, ...captureGo(checkout) };
  const { captures, unresolved, asyncioMirrorsSync } = capturePython(checkout);
  return { ...base, captures, unresolved, notes: { asyncioMirrorsSync } };
}

/** Runs the Python extractor (python3's ast; the SDK is parsed, never imported) over a checkout. */
export function capturePython(
  checkout: string,
): Pick<CaptureFile, "captures" | "unresolved"> & { asyncioMirrorsSync: unknown } {
  const output = execFileSync("python3", [PYTHON_EXTRACTOR, checkout], { encoding: "utf8", maxBuffer: 16 << 20 });
  const { captures, unresolved, async: asyncioMirrorsSync } = JSON.parse(output);
  return { captures, unresolved, asyncioMirrorsSync };
}

/** The Python SDK's client attributes and public method signatures (python3's ast), with provenance. */
export function pythonSignatures(
  checkout: string,
  capture: Pick<CaptureFile, "repository" | "commit" | "committedAt">,
) {
  const output = execFileSync("python3", [PYTHON_SIGNATURES, checkout], { encoding: "utf8", maxBuffer: 16 << 20 });
  const { repository, commit, committedAt } = capture;
  const extractor = "scripts/captures/python-signatures.py (python3 ast)";
  return { sdk: "qstash-py", repository, commit, committedAt, extractor, ...JSON.parse(output) };
}

function git(checkout: string, ...args: string[]): string {
  return execFileSync("git", ["-C", checkout, ...args], { encoding: "utf8" }).trim();
}
