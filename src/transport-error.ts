import { BodyTooLarge } from "./read-body.ts";

/** Why a call got no usable HTTP answer. */
export type TransportFailure = "refused" | "reset" | "timeout" | "invalid-body" | "too-large" | "network";

/**
 * The one error the client throws for a call that got no usable answer: the connection was
 * refused or reset, the call ran past its timeout, a success body was not the JSON the spec
 * promises, or an answer was larger than `maxResponseBytes`. HTTP error statuses are not thrown: they come back as `{ error, response }`.
 * `path` is the request path without its query, so a `qstash_token` query never reaches it;
 * `cause` (the original error) has the token removed as well.
 */
export class QStashTransportError extends Error {
  override name = "QStashTransportError";
  readonly failure: TransportFailure;
  readonly method: string;
  readonly path: string;

  /** `detail` says what in particular was wrong, e.g. which field of a body. */
  constructor(failure: TransportFailure, method: string, path: string, cause: unknown, detail?: string) {
    super(`${method} ${path}: ${DESCRIPTIONS[failure]}${detail ? `: ${detail}` : ""}`, { cause });
    this.failure = failure;
    this.method = method;
    this.path = path;
  }
}

const DESCRIPTIONS: Record<TransportFailure, string> = {
  refused: "connection refused",
  reset: "connection reset before the answer was complete",
  timeout: "no complete answer within the timeout",
  "invalid-body": "the response body is not the JSON the spec promises",
  "too-large": "the answer is larger than the client reads",
  network: "network failure",
};

/** Names the failure from the error a fetch or a body read threw, looking down its cause chain. */
export function classifyFailure(error: unknown): TransportFailure {
  if (error instanceof SyntaxError) return "invalid-body";
  if (error instanceof BodyTooLarge) return "too-large";
  for (let at: any = error, depth = 0; at && depth < 5; at = at.cause, depth++) {
    // Stryker disable next-line StringLiteral: without a code, any text that is no known code classifies the same
    const code = String(at.code ?? "");
    if (code === "ECONNREFUSED") return "refused";
    if (/ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED/.test(code) || at.message === "terminated") return "reset";
  }
  return "network";
}
