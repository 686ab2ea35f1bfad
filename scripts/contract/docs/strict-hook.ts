import type { OpenApiDocument } from "../../spec/build.ts";
import type { Finding } from "../claims/outcome.ts";

/**
 * Prism ignores query parameters and headers that the spec does not declare; the strict request
 * check (scripts/contract/strict-check.ts, another branch) does not. The docs suite hands every
 * replayed example to STRICT_CHECK and adds what it finds to the example's verdict.
 *
 * To wire it: import the strict check here and set STRICT_CHECK to an adapter with this shape.
 */
export interface StrictRequest {
  method: string;
  /** Path and query as sent, e.g. `/v2/publish/https%3A%2F%2Fexample.com?x=1`. */
  target: string;
  headers: Record<string, string>;
  /** The spec operation the request reaches, `POST /v2/publish/{destination}`. */
  operation: string;
}

export type StrictCheck = (request: StrictRequest, description: OpenApiDocument) => Finding[];

export const STRICT_CHECK: StrictCheck | undefined = undefined;
