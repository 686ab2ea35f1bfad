/**
 * A body that goes out as it is: text, bytes, a stream or a form. openapi-fetch would
 * JSON-encode a string (`"hi"` → `"\"hi\""`); a publish body must reach the destination byte for byte.
 * Only plain objects and arrays are JSON.
 */
export const isRawBody = (body: unknown): boolean =>
  typeof body === "string" ||
  body instanceof ArrayBuffer ||
  ArrayBuffer.isView(body) ||
  body instanceof Blob ||
  body instanceof ReadableStream ||
  body instanceof URLSearchParams ||
  body instanceof FormData;
