import type { OpenApiDocument } from "../../spec/build.ts";
import type { Finding } from "../claims/outcome.ts";
import { findOperation } from "../claims/spec-lookup.ts";
import { resolveOperation } from "./resolve.ts";

/**
 * A page whose `api:` line documents one call may show an example that, as the shell or the library
 * sends it, reaches another (a curl with no -X sends GET; a misspelt segment lands on a neighbour). The
 * example then "works" against a server, doing something else than the page says. Undefined when the
 * example reaches the documented call, or reaches none (the example check already says so).
 */
export function reachFinding(
  description: OpenApiDocument,
  documents: string,
  reached: string | undefined,
  language: string,
): Finding | undefined {
  const [method, path] = documents.split(" ");
  const documented = resolveOperation(description, `${method} ${path.replace(/(.)\/+$/, "$1")}`).key;
  if (!reached || !documented || reached === documented) return undefined;
  const what = findOperation(description, reached)?.operation.summary;
  return {
    impact: "breaks",
    consequence: `The page documents ${documented}, but its ${language} example, as ${language === "curl" ? "the shell" : "the library"} sends it, reaches ${reached}${what ? ` (${what})` : ""}: a reader who runs it gets an answer from another call and believes the documented one ran.`,
  };
}
