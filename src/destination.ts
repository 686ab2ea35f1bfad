/**
 * How a destination travels inside a QStash path: `/v2/publish/{destination}`,
 * `/v2/enqueue/{queueName}/{destination}`, `POST /v2/schedules/{…}` and `/v2/trigger/{workflowUrl}`.
 *
 * Decision: the whole destination is ONE percent-encoded path segment (encodeURIComponent), which
 * is exactly what openapi-fetch does with a path parameter. So a caller passes the plain URL as
 * the path parameter and must not encode it again.
 *
 * Why not the raw URL the docs' curl examples append (`/v2/publish/https://a.com/x?y=1`):
 * - its `/` split it into several segments, so a router that follows the spec (Prism, any
 *   OpenAPI-driven proxy) finds no operation (404 "Route not resolved");
 * - its `?y=1` becomes the query string of the QStash request itself, where it mixes with
 *   QStash's own query (`qstash_token` for query auth, filters), and a `#fragment` is dropped
 *   by every HTTP client before it leaves the machine.
 * Encoded, the segment routes in Prism (tests/destination.test.ts) and reaches QStash as one
 * decoded path value with scheme, port, path and query intact. The live suite is the place to
 * confirm QStash's side; the SDK's raw form stays out of this client.
 */
import { QStashGuardError } from "./errors/guard-error.ts";

/** True when the destination is an absolute URL rather than a URL group name. */
export function isUrlDestination(destination: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(destination);
}

/**
 * Checks a destination and returns the value to put in the path parameter (`destination`,
 * `workflowUrl`). The value is returned unchanged: openapi-fetch encodes it as one segment.
 * Throws a QStashGuardError (a TypeError) for what QStash cannot route: a URL that is not http(s), or a URL group
 * name that is empty or contains characters outside letters, digits, `-`, `.` and `_`.
 */
export function destinationPathValue(destination: string): string {
  if (isUrlDestination(destination)) {
    let url: URL;
    try {
      url = new URL(destination);
    } catch {
      throw new QStashGuardError(`destination ${JSON.stringify(destination)} is not a valid URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new QStashGuardError(`destination URL must use http:// or https://, got ${url.protocol}//`);
    }
    return destination;
  }
  if (!/^[A-Za-z0-9._-]+$/.test(destination)) {
    throw new QStashGuardError(
      `destination ${JSON.stringify(destination)} is neither an http(s) URL nor a URL group name (letters, digits, "-", "." and "_")`,
    );
  }
  return destination;
}

/** The encoded path segment, for callers that build a URL without openapi-fetch. */
export function encodeDestinationSegment(destination: string): string {
  return encodeURIComponent(destinationPathValue(destination));
}
