import { parseArgs, type ParseArgsConfig } from "node:util";
import { SpecError } from "../spec/spec-error.ts";

/**
 * Every command of the project parses its flags the same strict way: an unknown flag, a
 * missing value or a wrong number of arguments prints the usage and exits 2 (a typo of
 * `--live` must never turn into a green mock run); `--help` prints it and exits 0.
 */
export interface CommandLine {
  /** `npm run verify -- [--live] [--allow-writes]`: the first line of the usage. */
  usage: string;
  /** What the command does and what each flag means, shown under the usage. */
  help: string;
  options?: NonNullable<ParseArgsConfig["options"]>;
  /** How many positional arguments the command takes. Default: none. */
  positionals?: { min: number; max: number };
}

export type Parsed = { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };

/** A mistake on the command line: the usage is printed with it and the exit code is 2. */
export class UsageError extends Error {}

class HelpRequested extends Error {}

export function parseCommandLine(spec: CommandLine, argv: string[] = process.argv.slice(2)): Parsed {
  if (argv.includes("--help") || argv.includes("-h")) throw new HelpRequested();
  const { min = 0, max = 0 } = spec.positionals ?? {};
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: argv, options: spec.options ?? {}, allowPositionals: max > 0, strict: true }) as Parsed;
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0].replace(/\. To specify a positional.*$/, ""));
  }
  const count = parsed.positionals.length;
  if (count < min || count > max) {
    const wanted = min === max ? `${min}` : `${min} to ${max}`;
    throw new UsageError(
      `expected ${wanted} argument(s), got ${count}${count ? `: ${parsed.positionals.join(" ")}` : ""}`,
    );
  }
  return parsed;
}

/** The exit code of a command that failed: 2 for a usage or input mistake, 1 otherwise. */
export type FailureCode = 1 | 2;

/**
 * Runs a command: parses its command line, runs its body, and turns what goes wrong into one
 * or two readable lines. A SpecError (bad input) prints as `error: file:place: problem` and
 * its fix; anything else prints its message, and its stack only with QSTASH_DEBUG=1.
 */
export async function runCommand(
  spec: CommandLine,
  // biome-ignore lint/suspicious/noConfusingVoidType: a command that returns nothing exits 0
  main: (args: Parsed) => Promise<void | number>,
  options: { specErrorCode?: FailureCode; argv?: string[] } = {},
): Promise<void> {
  const out = process.stderr;
  try {
    const args = parseCommandLine(spec, options.argv);
    const code = await main(args);
    process.exitCode = typeof code === "number" ? code : 0;
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`${spec.usage}\n\n${spec.help.trim()}\n`);
      process.exitCode = 0;
    } else if (error instanceof UsageError) {
      out.write(`error: ${error.message}\n${spec.usage}\n(--help says more)\n`);
      process.exitCode = 2;
    } else if (error instanceof SpecError) {
      out.write(`error: ${error.message}\n`);
      process.exitCode = options.specErrorCode ?? 1;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      const stack = process.env.QSTASH_DEBUG && error instanceof Error ? `\n${error.stack}` : "";
      out.write(`error: ${message}${stack}\n  (an unexpected failure; QSTASH_DEBUG=1 shows where)\n`);
      process.exitCode = 1;
    }
  }
}
