import { decodeBase64url, encodeBase64url } from "./base64url.ts";
import { ownFields } from "./own.ts";

/**
 * Checks the `Upstash-Signature` header of a message QStash delivered: a JWT signed with HMAC
 * SHA-256 under the current or the next signing key, whose claims name the issuer, the URL the
 * message was sent to, its validity window and the SHA-256 of the body
 * (https://upstash.com/docs/qstash/features/security#claims).
 *
 * A failed check is an answer, not an exception: the result says why, so a handler can answer
 * 401 and log the reason without try/catch, and the compiler lists every reason. Only misuse
 * throws (a missing key, a negative tolerance, a body or a signature of another type), since no
 * delivery can fix that; each with a TypeError or RangeError of its own that names the option.
 * Options are read as own properties only (own.ts): a polluted `Object.prototype.clockTolerance`
 * must not make an expired token pass.
 */

export type SignatureFailureReason =
  | "missing-signature"
  | "malformed-token"
  | "unsupported-algorithm"
  | "wrong-key"
  | "wrong-issuer"
  | "not-yet-valid"
  | "expired"
  | "url-changed"
  | "body-changed";

/** The claims of a verified token; QStash also sends `jti`, a unique id, and may add others. */
export interface SignatureClaims {
  iss: "Upstash";
  /** The URL the message was delivered to. */
  sub: string;
  /** Unix seconds. */
  exp: number;
  nbf: number;
  iat?: number;
  /** Base64url of the SHA-256 of the body, with or without `=` padding. */
  body: string;
  [claim: string]: unknown;
}

export type SignatureVerdict =
  | { ok: true; claims: SignatureClaims; key: "current" | "next" }
  | { ok: false; reason: SignatureFailureReason; detail: string };

export interface VerifySignatureOptions {
  /**
   * The `Upstash-Signature` header as received; null or empty when the request had none. A list of its
   * values (Node's `request.headersDistinct`) may hold one; more than one is a malformed token.
   */
  signature: string | readonly string[] | null | undefined;
  /**
   * The raw body exactly as received. Bytes are safest (`new Uint8Array(await request.arrayBuffer())`):
   * `request.text()` replaces bytes that are not UTF-8 and drops a leading byte-order mark, and
   * the hash of what is left no longer matches. A string is hashed as its UTF-8 bytes.
   */
  body: string | ArrayBuffer | ArrayBufferView;
  /** Compared exactly with the `sub` claim when given; left out, the URL is not checked. */
  url?: string;
  currentSigningKey: string;
  nextSigningKey: string;
  /** Seconds of clock difference forgiven when checking `nbf` and `exp`; 0 by default. */
  clockTolerance?: number;
  /** The time to check `nbf` and `exp` against; the clock when left out. */
  now?: Date;
}

const ISSUER = "Upstash";
const ALGORITHM = "HS256";
const SIGNATURE_BYTES = 32;
const HMAC_SHA256 = { name: "HMAC", hash: "SHA-256" } as const;

type Failure = Extract<SignatureVerdict, { ok: false }>;
/** What a step found, or why the token fails; a claim named `ok` cannot be mistaken for a failure. */
type Step<T> = { found: T } | Failure;

const fail = (reason: SignatureFailureReason, detail: string): Failure => ({ ok: false, reason, detail });

export async function verifySignature(given: VerifySignatureOptions): Promise<SignatureVerdict> {
  const options = ownFields(given) as VerifySignatureOptions;
  const keys = signingKeys(options);
  const tolerance = toleranceOf(options.clockTolerance);
  const now = secondsOf(options.now ?? new Date());
  const body = bytesOf(options.body);
  // A list is the header's values (Node's `headersDistinct`): none is no header, one is the signature;
  // a header sent twice, which a sender can do, is a verdict, not an exception.
  const values = options.signature;
  const signature = Array.isArray(values) && values.length <= 1 ? values[0] : values;
  if (signature === undefined || signature === null || signature === "")
    return fail("missing-signature", "the request has no Upstash-Signature header");
  if (Array.isArray(signature))
    return fail("malformed-token", `the request has ${signature.length} Upstash-Signature values; a delivery has one`);
  if (typeof signature !== "string") {
    const kind = signature instanceof Uint8Array ? "bytes" : typeof signature;
    throw new TypeError(`verifySignature: signature must be the header's text (a string), got ${kind}`);
  }

  const parsed = parseToken(signature);
  if (!("found" in parsed)) return parsed;
  const token = parsed.found;
  const key = await signedWith(token, keys);
  if (!key) {
    const detail =
      "the signature matches neither the current nor the next signing key (or the token was changed after signing)";
    return fail("wrong-key", detail);
  }
  const read = readClaims(token.payload);
  if (!("found" in read)) return read;
  const claims = read.found;

  const failure = checkTime(claims, now, tolerance) ?? checkUrl(claims.sub, options.url);
  if (failure) return failure;
  const bodyHash = encodeBase64url(new Uint8Array(await crypto.subtle.digest("SHA-256", body)));
  if (withoutPadding(claims.body) !== bodyHash) {
    return fail("body-changed", `the SHA-256 of the ${body.byteLength}-byte body differs from the token's body claim`);
  }
  return { ok: true, claims, key };
}

interface ParsedToken {
  signingInput: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
  payload: Uint8Array;
}

/** Splits the compact JWT, checks every part's encoding and the header, before any key is used. */
function parseToken(text: string): Step<ParsedToken> {
  const parts = text.split(".");
  if (parts.length !== 3)
    return fail("malformed-token", `the token has ${parts.length} dot-separated parts; a JWT has 3`);
  const [headerPart, payloadPart] = parts;
  const [header, payload, signature] = parts.map(decodeBase64url);
  if (!header || !payload || !signature) {
    const which = !header ? "header" : !payload ? "payload" : "signature";
    return fail("malformed-token", `the ${which} is not unpadded base64url`);
  }
  const parsedHeader = parseJsonObject(header);
  if (!parsedHeader) return fail("malformed-token", "the header is not a JSON object");
  // Own fields only: a polluted Object.prototype.alg must not stand in for a missing one.
  const fields = ownFields(parsedHeader);
  if (typeof fields.alg !== "string") return fail("malformed-token", "the header names no algorithm (alg)");
  if (fields.alg !== ALGORITHM) {
    return fail(
      "unsupported-algorithm",
      `the token says alg ${quote(fields.alg)}; QStash signs with ${ALGORITHM} only`,
    );
  }
  // RFC 7515 4.1.11: extensions marked critical must be understood, and this verifier knows none.
  if (fields.crit !== undefined) return fail("malformed-token", "the header marks extensions as critical (crit)");
  if (signature.byteLength !== SIGNATURE_BYTES) {
    return fail(
      "malformed-token",
      `the signature is ${signature.byteLength} bytes; ${ALGORITHM} gives ${SIGNATURE_BYTES}`,
    );
  }
  const signingInput = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
  return { found: { signingInput, signature, payload } };
}

/** Tries the current key, then the next (QStash moves to it when keys are rotated). */
async function signedWith(token: ParsedToken, keys: [string, string]): Promise<"current" | "next" | null> {
  const names = ["current", "next"] as const;
  for (const [index, secret] of keys.entries()) {
    // Stryker disable next-line BooleanLiteral: whether the key is extractable changes no verification
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), HMAC_SHA256, false, ["verify"]);
    // subtle.verify compares in constant time, so the answer leaks nothing about the expected MAC.
    if (await crypto.subtle.verify("HMAC", key, token.signature, token.signingInput)) return names[index];
  }
  return null;
}

const REQUIRED_CLAIMS = { sub: "string", exp: "number", nbf: "number", body: "string" } as const;

function readClaims(payload: Uint8Array): Step<SignatureClaims> {
  const parsed = parseJsonObject(payload);
  if (!parsed) return fail("malformed-token", "the payload is not a UTF-8 JSON object");
  // Checked on own fields only (a polluted Object.prototype.exp must not stand in for a missing one);
  // once each required one is there, reading it on the parsed object reads that own field.
  const claims = ownFields(parsed);
  for (const [name, type] of Object.entries(REQUIRED_CLAIMS)) {
    if (typeof claims[name] !== type) return fail("malformed-token", `the ${name} claim is missing or not a ${type}`);
  }
  if (claims.iat !== undefined && typeof claims.iat !== "number") {
    return fail("malformed-token", "the iat claim is not a number");
  }
  if (claims.iss !== ISSUER) {
    const named = claims.iss === undefined ? "the token names no issuer (iss)" : `the issuer is ${quote(claims.iss)}`;
    return fail("wrong-issuer", `${named}, not "${ISSUER}"`);
  }
  return { found: parsed as SignatureClaims };
}

/** Valid from `nbf` on and before `exp` (RFC 7519 4.1.4-5), each widened by the tolerance. */
function checkTime(claims: SignatureClaims, now: number, tolerance: number): Failure | null {
  const window = `beyond the clock tolerance of ${tolerance}s`;
  if (claims.nbf > now + tolerance) {
    return fail("not-yet-valid", `the token is valid from ${claims.nbf}, ${claims.nbf - now}s from now, ${window}`);
  }
  if (claims.exp <= now - tolerance) {
    return fail("expired", `the token expired at ${claims.exp}, ${now - claims.exp}s ago, ${window}`);
  }
  return null;
}

/**
 * The comparison is exact, as QStash signs the URL as it was published. The detail names the
 * part that differs but neither value, since a URL may carry a secret in its path or query.
 */
function checkUrl(subject: string, url: string | undefined): Failure | null {
  if (url === undefined || url === subject) return null;
  return fail("url-changed", `the token was signed for another URL: ${urlDifference(subject, url)}`);
}

const URL_PARTS = ["protocol", "username", "password", "host", "pathname", "search", "hash"] as const;

function urlDifference(signed: string, given: string): string {
  if (!URL.canParse(signed) || !URL.canParse(given)) return "the two are not the same string";
  const [a, b] = [new URL(signed), new URL(given)];
  const part = URL_PARTS.find((name) => a[name] !== b[name]);
  return part ? `the ${part} differs` : "the same URL written differently (the comparison is exact)";
}

function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes));
    // Stryker disable BlockStatement: the catch below, emptied, gives undefined: read as null (restored inside it)
    // Stryker disable next-line ConditionalExpression: without `value !== null`, null is returned as itself: the same
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    // Stryker restore BlockStatement
    return null;
  }
}

function withoutPadding(text: string): string {
  let end = text.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: at 0, text[-1] is undefined and ends the loop too
  while (end > 0 && text[end - 1] === "=") end--;
  return text.slice(0, end);
}

/** A value from the token, shortened: it is only there to help a reader find the cause. */
const quote = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

function signingKeys(options: VerifySignatureOptions): [string, string] {
  for (const name of ["currentSigningKey", "nextSigningKey"] as const) {
    const key = options[name];
    if (typeof key !== "string" || key === "") throw new TypeError(`verifySignature: ${name} is missing or empty`);
  }
  return [options.currentSigningKey, options.nextSigningKey];
}

function toleranceOf(seconds: number | undefined): number {
  if (seconds === undefined) return 0;
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`verifySignature: clockTolerance must be a non-negative number of seconds, got ${seconds}`);
  }
  return seconds;
}

function secondsOf(date: Date): number {
  if (!(date instanceof Date)) throw new TypeError("verifySignature: now must be a Date");
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new TypeError("verifySignature: now is an invalid Date");
  return Math.floor(ms / 1000);
}

/** The exact bytes to hash: a view covers only its own range of its buffer. */
function bytesOf(body: VerifySignatureOptions["body"]): Uint8Array<ArrayBuffer> {
  if (typeof body === "string") {
    // An unpaired surrogate cannot come from decoding received bytes, and has no UTF-8 form.
    if (/[\uD800-\uDFFF]/u.test(body)) {
      throw new TypeError("verifySignature: the body string has an unpaired surrogate; pass the received bytes");
    }
    return new TextEncoder().encode(body);
  }
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) {
    const view = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    // WebCrypto refuses shared memory: hash a private copy of the same bytes.
    return view.buffer instanceof ArrayBuffer ? (view as Uint8Array<ArrayBuffer>) : view.slice();
  }
  throw new TypeError("verifySignature: body must be a string, an ArrayBuffer or a typed array");
}
