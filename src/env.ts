/** An environment variable where there is an environment (Node, Bun, Deno with --allow-env); undefined elsewhere. */
export function readEnv(name: string): string | undefined {
  try {
    // Stryker disable next-line OptionalChaining: without process or env, the read throws into the catch: undefined
    // Stryker disable BlockStatement: the catch below, emptied, returns undefined too (restored inside it)
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name] || undefined;
  } catch {
    // Stryker restore BlockStatement
    return undefined;
  }
}
