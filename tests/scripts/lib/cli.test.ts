import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseCommandLine, runCommand, UsageError, type CommandLine } from "../../../scripts/lib/cli.ts";

const run = promisify(execFile);

const SPEC: CommandLine = {
  usage: "usage: demo [--live] <file>",
  help: "Demo command.",
  options: { live: { type: "boolean" }, out: { type: "string" } },
  positionals: { min: 1, max: 1 },
};

describe("parseCommandLine", () => {
  const cases: [string, string[], string | null][] = [
    ["a known flag and one argument", ["--live", "x.yaml"], null],
    ["an unknown flag", ["--bogus", "x.yaml"], "Unknown option '--bogus'"],
    ["a typo of a known flag", ["--liv", "x.yaml"], "Unknown option '--liv'"],
    ["a string flag without its value", ["x.yaml", "--out"], "--out"],
    ["too few arguments", [], "expected 1 argument(s), got 0"],
    ["too many arguments", ["a", "b"], "expected 1 argument(s), got 2: a b"],
  ];
  for (const [name, argv, problem] of cases) {
    it(name, () => {
      if (problem === null) expect(parseCommandLine(SPEC, argv).positionals).toEqual(["x.yaml"]);
      else
        expect(() => parseCommandLine(SPEC, argv)).toThrow(UsageError),
          expect(() => parseCommandLine(SPEC, argv)).toThrow(problem);
    });
  }
});

describe("runCommand", () => {
  // biome-ignore lint/suspicious/noConfusingVoidType: a command body may return nothing
  async function exitOf(argv: string[], body: () => Promise<number | void> = async () => 0) {
    const before = process.exitCode;
    const writes: string[] = [];
    const write = process.stderr.write;
    const writeOut = process.stdout.write;
    process.stderr.write = ((chunk: string) => (writes.push(chunk), true)) as typeof write;
    process.stdout.write = ((chunk: string) => (writes.push(chunk), true)) as typeof writeOut;
    try {
      await runCommand(SPEC, body, { argv });
      return { code: process.exitCode, text: writes.join("") };
    } finally {
      process.stderr.write = write;
      process.stdout.write = writeOut;
      process.exitCode = before;
    }
  }

  it("prints the usage and exits 2 on an unknown flag, without running the body", async () => {
    let ran = false;
    const { code, text } = await exitOf(["--bogus", "x"], async () => void (ran = true));
    expect({ code, ran }).toEqual({ code: 2, ran: false });
    expect(text).toContain("usage: demo");
  });

  it("prints the help and exits 0 on --help, without running the body", async () => {
    let ran = false;
    const { code, text } = await exitOf(["--help"], async () => void (ran = true));
    expect({ code, ran }).toEqual({ code: 0, ran: false });
    expect(text).toContain("Demo command.");
  });

  it("turns an unexpected failure into one line, with no stack", async () => {
    const { code, text } = await exitOf(["x"], async () => {
      throw new Error("boom");
    });
    expect(code).toBe(1);
    expect(text).toContain("error: boom");
    expect(text).not.toMatch(/\n\s+at /);
  });
});

// Each real command refuses a flag it does not know before doing any work: a typo of --live must
// not become a green mock run.
describe.concurrent("the project's commands", () => {
  const commands = [
    "verify",
    "sync",
    "generate",
    "check-generated",
    "diff",
    "build-package",
    "mine",
    "diff/optic/record",
    "fixtures/published-history",
    "report/github",
    "captures/capture-sdks",
  ];
  // Loading a command takes seconds on a busy machine; the budget is for that, not for the check.
  it.each(commands)("scripts/%s.ts exits 2 with its usage on an unknown flag", { timeout: 90_000 }, async (name) => {
    const bogus = await run(process.execPath, ["--import", "tsx", `scripts/${name}.ts`, "--bogus"]).catch(
      (error) => error,
    );
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toMatch(/^error: Unknown option '--bogus'\nusage: npm run /);
  });
});
