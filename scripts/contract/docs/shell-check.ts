import type { CheckContext } from "../claims/check-context.ts";
import { describeObservation, isSuccess } from "../claims/observation.ts";
import { conclude, type CheckOutcome, type Finding } from "../claims/outcome.ts";
import { sendRaw } from "../claims/send.ts";

import type { MinedClaim } from "./mined-catalog.ts";

/** A mined shell claim: the mistake, what the page means to send, and what bash makes of it. */
export type ShellClaim = MinedClaim & Required<Pick<MinedClaim, "shell" | "actual">>;

/**
 * A shell command that does not run as printed. The verdict is always contradicted: the page
 * shows one request and bash sends another, or none. What the broken command does send is
 * replayed on the mock, so the consequence says whether anything would warn the reader.
 */
export async function shellConformance(
  claim: ShellClaim,
  context: CheckContext,
  target: string,
): Promise<CheckOutcome> {
  const { mistake, line, detail } = claim.shell;
  const evidence = [`line ${line}: ${mistake}${detail ? ` (${detail})` : ""}`];
  if (claim.actual === "nothing") {
    const file = detail.replace(/[<>]/g, "");
    const finding: Finding =
      mistake === "unquoted-placeholder"
        ? {
            impact: "misleads",
            consequence: `Pasted as shown, bash reads ${detail} as a redirection from a file named ${file}: the command stops with "No such file or directory" and nothing is sent until the reader quotes it or fills it in.`,
          }
        : {
            impact: "breaks",
            consequence: `Pasted as shown, the curl command loses its URL at line ${line}: curl sends nothing.`,
          };
    return conclude([finding], evidence);
  }
  const actual = claim.actual;
  const intended = claim.example!;
  const lost = [
    intended.body !== undefined && actual.body === undefined ? "its body" : "",
    ...Object.keys(intended.headers)
      .filter((h) => !(h in actual.headers))
      .map((h) => `the ${h} header`),
  ].filter(Boolean);
  const observed = await sendRaw(context, {
    method: actual.method,
    target,
    headers: actual.headers,
    body: actual.body,
  });
  evidence.push(
    describeObservation(`as bash runs it: ${actual.method} without ${lost.join(", ") || "nothing"}`, observed),
  );
  const orphan = detail ? ` and runs \`${detail.slice(0, 60)}\` as a command of its own, which fails` : "";
  const silent = isSuccess(observed)
    ? `the spec accepts it (${observed.status}), so nothing warns the reader`
    : `it is refused (${observed.status})`;
  const finding: Finding = lost.length
    ? {
        impact: "breaks",
        consequence: `Pasted as shown, bash ends the curl command at line ${line}${orphan}. The request goes out without ${lost.join(" and ")}: ${silent}.`,
      }
    : {
        impact: "harmless",
        consequence: `Pasted as shown, the stray escaped blank at line ${line} becomes an extra URL argument that curl reports as malformed after sending the request.`,
      };
  return conclude([finding], evidence);
}
