/**
 * A status the spec does not document for an operation is a finding. Prism answers with one of
 * its own when the spec leaves it nothing to answer with: 401 for a missing token, 415 for an
 * undeclared media type, 422 for an invalid request where the operation documents neither 400 nor
 * 422. Each finding is either closed by a correction in spec/corrections.overlay.yaml (with the
 * docs line that says what the API answers) or listed here with the reason it stays open: such a
 * case gets the explicit verdict "unverifiable", never a silent pass. Any other undocumented
 * status fails its case.
 */

/** Where the reasons below were checked: the docs mirror's commit. */
export const DOCS_COMMIT = "ef0ce438";

const OPEN_FINDINGS: Record<number, string> = {
  415:
    "Prism's own answer to a body in a media type the operation does not declare. The docs never say what the API " +
    `answers to one (no 415 or "Unsupported Media Type" anywhere under qstash/ or workflow/ in upstash/docs at ${DOCS_COMMIT}), ` +
    "so no correction can document it; a live run (npm run verify -- --live) records the real answer.",
  422:
    "Prism's own answer to an invalid request where the operation documents neither 400 nor 422. The docs never say " +
    `what the API answers to an invalid parameter or body of this operation (no 400, 422 or "Bad Request" in the pages under ` +
    `qstash/ or workflow/ in upstash/docs at ${DOCS_COMMIT}; the published description documents 400 for other operations ` +
    "only), so no correction can document it; a live run records the real answer.",
};

/** The open finding for an undocumented status Prism answers with on its own, or null when there is none. */
export function openFinding(status: number): string | null {
  return OPEN_FINDINGS[status] ?? null;
}
