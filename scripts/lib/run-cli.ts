import { SpecError } from "../spec/spec-error.ts";

/** Runs a CLI body: a SpecError prints as-is, anything else with its stack; both exit 1. */
export async function runCli(main: () => Promise<void | number>): Promise<void> {
  try {
    const code = await main();
    process.exitCode = typeof code === "number" ? code : 0;
  } catch (error) {
    process.stderr.write(error instanceof SpecError ? `error: ${error.message}\n` : `error: ${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 1;
  }
}
