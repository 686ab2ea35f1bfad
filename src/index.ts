export { createQStashClient, resolveBaseUrl } from "./client.ts";
export type { QStashClientOptions, Region } from "./client.ts";
export type { QStashClient, QStashResult, CallOptions, RawBody, PathsWith, HttpMethod } from "./types.ts";
export { QStashTransportError, type TransportFailure } from "./transport-error.ts";
export { readRateLimits, type RateLimit } from "./rate-limit.ts";
export type { RetryOptions } from "./retry.ts";
export { redact } from "./redact.ts";
export type { paths, components, operations } from "../generated/schema.ts";
export { pages, items, type PageOptions } from "./paginate.ts";
export {
  cancelMessages,
  type CancelScope,
  type CancelOptions,
  type CancelProgress,
  type CancelOutcome,
} from "./cancel-messages.ts";
export { QStashResponseError } from "./response-error.ts";
export {
  verifySignature,
  type VerifySignatureOptions,
  type SignatureVerdict,
  type SignatureClaims,
  type SignatureFailureReason,
} from "./verify-signature.ts";
export { QStashGuardError } from "./guard-error.ts";
