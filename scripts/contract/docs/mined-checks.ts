import type { CheckContext } from "../claims/check-context.ts";
import type { CheckOutcome } from "../claims/outcome.ts";
import type { MinedClaim } from "./mined-catalog.ts";
import { limitConformance } from "./limit-check.ts";
import { proseConformance } from "./prose-check.ts";
import { sdkRequestConformance, sdkSnippetConformance } from "./sdk-checks.ts";

/**
 * The checks of the kinds only mined catalogs have, one named check per kind, as the hand-written
 * catalog's CHECKS table: claims made in prose, limits stated in words, SDK example snippets and the
 * requests they send. Each reads the claim's own operation (a sentence may name none).
 */
export const MINED_CHECKS: Record<string, (claim: MinedClaim, context: CheckContext) => Promise<CheckOutcome>> = {
  prose: proseConformance,
  limit: limitConformance,
  "sdk-snippet": sdkSnippetConformance,
  "sdk-request": sdkRequestConformance,
};
