import type { Claim } from "../catalog.ts";
import type { CheckContext } from "../check-context.ts";
import * as say from "../consequence.ts";
import { conclude, type CheckOutcome } from "../outcome.ts";

/** A page names a base URL: the spec's servers must list it (templated hosts compare as templates). */
export async function serverConformance(claim: Claim, context: CheckContext): Promise<CheckOutcome> {
  const servers: { url: string; variables?: Record<string, { enum?: string[] }> }[] = context.description.servers ?? [];
  const match = servers.find((s) => s.url.replace(/\/+$/, "") === claim.server!.replace(/\/+$/, ""));
  const evidence = [`spec servers: ${servers.map((s) => s.url).join(", ") || "none"}`];
  if (match?.variables) {
    for (const [name, variable] of Object.entries(match.variables))
      evidence.push(`spec: {${name}} is one of ${variable.enum?.join(", ") ?? "any value"}`);
  }
  return conclude(match ? [] : [say.serverMissing(claim.server!)], evidence);
}
