import type { Suite } from "./suite.ts";
import { claimsSuite } from "./claims/suite.ts";
import { operationsSuite } from "./operations/suite.ts";

/**
 * The suites `npm run verify` runs, in order: the hand-written claims, cases derived from the spec,
 * the official SDKs' real requests, and the claims mined from the documentation. Each is
 * independent of how the server was started.
 */
export const SUITES: Record<string, Suite> = {
  claims: claimsSuite,
  operations: operationsSuite,
  // Loaded when it runs: it pulls in both TypeScript SDKs and the TypeScript compiler (for their declarations).
  clients: async (context) => (await import("./clients/suite.ts")).clientsSuite(context),
  docs: async (context) => (await import("./docs/suite.ts")).docsSuite(context),
};
