import type { Suite } from "./suite.ts";
import { claimsSuite } from "./claims/suite.ts";
import { operationsSuite } from "./operations/suite.ts";
import { clientsSuite } from "./clients/suite.ts";

/** The suites `npm run verify` runs, in order. Each is independent of how the server was started. */
export const SUITES: Record<string, Suite> = {
  claims: claimsSuite,
  operations: operationsSuite,
  clients: clientsSuite,
};
