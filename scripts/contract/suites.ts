import type { Suite } from "./suite.ts";
import { claimsSuite } from "./claims/suite.ts";
import { operationsSuite } from "./operations/suite.ts";

/** The suites `npm run verify` runs, in order. Each is independent of how the server was started. */
export const SUITES: Record<string, Suite> = {
  claims: claimsSuite,
  operations: operationsSuite,
  // Loaded when it runs: it pulls in both TypeScript SDKs and the TypeScript compiler (for their declarations).
  clients: async (context) => (await import("./clients/suite.ts")).clientsSuite(context),
};
