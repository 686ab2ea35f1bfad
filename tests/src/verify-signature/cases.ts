/**
 * Deliveries for the signature tests: tokens written with Node's own base64url and crypto.subtle,
 * apart from src/, so that a shared mistake in encoding cannot make both verifiers agree; and
 * fast-check arbitraries that draw a valid delivery and change one thing per kind, each with the
 * verdict the rules give it.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import type { SignatureFailureReason } from "../../../src/verify-signature.ts";

export type Signer = "current" | "next" | "wrong";
export type Json = Record<string, unknown>;
export interface Keys {
  current: string;
  next: string;
  wrong: string;
}

/** How the token is written out: as a sender following the rules would, or one of the deviations below. */
export type Spelling =
  | "plain"
  | "none-signature" // alg none: the signature part is empty
  | "drop-signature"
  | "extra-part"
  | "stray-character" // a "*" inserted into the payload part after signing
  | "short-signature"
  | "long-signature"
  | "padded-signature" // the signature part gets "=" padding: same bytes for a lenient decoder
  | "plus-slash-signature" // "-" and "_" spelled "+" and "/": same bytes for a lenient decoder
  | "newline-after-signature"
  | "padded-payload"; // the payload part is padded base64url, and it is that text that is signed

export interface Spec {
  kind: string;
  keys: Keys;
  nowMs: number;
  tolerance: number | undefined;
  /** The body the sender signed, and the bytes that reached the receiver. */
  signedBody: Uint8Array;
  receivedBody: Uint8Array;
  bodyForm: BodyForm;
  url: string | undefined;
  header: Json | Uint8Array;
  payload: Json | Uint8Array;
  signer: Signer;
  hmacHash: "SHA-256" | "SHA-384" | "SHA-512";
  spelling: Spelling;
  /** Set for a token that is not derived from a valid one. */
  raw?: string;
  expected: { ok: true; key: "current" | "next" } | { ok: false; reason: SignatureFailureReason };
  /** A rule where the SDK is known to answer otherwise, named and asserted rather than hidden. */
  sdk?: { difference: string; accepts: boolean };
}

export type BodyForm = "string" | "uint8array" | "arraybuffer" | "view-in-larger-buffer" | "node-buffer";

export const LIFETIME = 300; // QStash tokens live five minutes (features/security, exp)
export const BOM = [0xef, 0xbb, 0xbf];
const REPLACEMENT = [0xef, 0xbf, 0xbd]; // U+FFFD in UTF-8

export const utf8 = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));
export const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");
export const sha256b64url = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64url");
export const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export async function hmac(key: string, hash: Spec["hmacHash"], input: string): Promise<string> {
  const imported = await crypto.subtle.importKey("raw", utf8(key), { name: "HMAC", hash }, false, ["sign"]);
  return b64url(new Uint8Array(await crypto.subtle.sign("HMAC", imported, utf8(input))));
}

export const encodePart = (part: Json | Uint8Array) => b64url(part instanceof Uint8Array ? part : JSON.stringify(part));

/** A token as a sender following the rules writes it. */
export async function signToken(
  key: string,
  header: Json,
  claims: Json,
  hash: Spec["hmacHash"] = "SHA-256",
): Promise<string> {
  const input = `${encodePart(header)}.${encodePart(claims)}`;
  return `${input}.${await hmac(key, hash, input)}`;
}

export async function writeToken(spec: Spec): Promise<string> {
  if (spec.raw !== undefined) return spec.raw;
  const key = spec.keys[spec.signer];
  const headerPart = encodePart(spec.header);
  let payloadPart = encodePart(spec.payload);
  if (spec.spelling === "padded-payload") {
    // Padded where the length asks for it, else "==" after a full last group; either is read as the same bytes.
    const padded = Buffer.from(payloadPart, "base64url").toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
    payloadPart = padded.endsWith("=") ? padded : `${padded}==`;
  }
  const input = `${headerPart}.${payloadPart}`;
  const signature = await hmac(key, spec.hmacHash, input);
  const bytes = Buffer.from(signature, "base64url");
  switch (spec.spelling) {
    case "none-signature":
      return `${input}.`;
    case "drop-signature":
      return input;
    case "extra-part":
      return `${input}.${signature}.${signature}`;
    case "stray-character":
      return `${headerPart}.${payloadPart.slice(0, 3)}*${payloadPart.slice(3)}.${signature}`;
    case "short-signature":
      return `${input}.${b64url(bytes.subarray(0, 31))}`;
    case "long-signature":
      return `${input}.${b64url(Buffer.concat([bytes, Buffer.from([0])]))}`;
    case "padded-signature":
      return `${input}.${signature}=`;
    case "plus-slash-signature":
      // Without a "-" or "_" to respell, padding is the deviation instead.
      return `${input}.${/[-_]/.test(signature) ? signature.replace(/-/g, "+").replace(/_/g, "/") : `${signature}=`}`;
    case "newline-after-signature":
      return `${input}.${signature}\n`;
    default:
      return `${input}.${signature}`;
  }
}

/** The body in the form a caller hands to verifySignature: always the received bytes, exactly. */
export function bodyArgument(bytes: Uint8Array, form: BodyForm): string | ArrayBuffer | ArrayBufferView {
  switch (form) {
    case "string":
      return strictUtf8.decode(bytes); // the arbitrary only picks this form for bytes that are UTF-8
    case "arraybuffer":
      return bytes.slice().buffer;
    case "view-in-larger-buffer": {
      const larger = new Uint8Array(bytes.length + 8).fill(0x5a);
      larger.set(bytes, 4);
      return larger.subarray(4, 4 + bytes.length);
    }
    case "node-buffer":
      return Buffer.from(bytes);
    default:
      return Uint8Array.from(bytes);
  }
}

// ---- arbitraries: a valid delivery, then one change per kind --------------------------------------

const keyArb = fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }).map((s) => `sig_${s}`);
const keysArb = fc
  .uniqueArray(keyArb, { minLength: 3, maxLength: 3 })
  .map(([current, next, wrong]) => ({ current, next, wrong }))
  // HMAC pads a short key with zero bytes, so "k" and "k\0" are one key: keep the three apart.
  .filter((k) => ![k.current, k.next, k.wrong].some((key) => key.includes("\0")));

const textArb = fc.string({ unit: "grapheme", maxLength: 80 });
const bodyArb = fc.oneof(
  fc.constant(new Uint8Array()),
  fc.string({ unit: "grapheme-ascii", maxLength: 120 }).map(utf8),
  textArb.map(utf8),
  fc.json().map(utf8),
  fc.uint8Array({ maxLength: 200 }),
  textArb.map((s) => new Uint8Array([...BOM, ...utf8(s)])),
  fc.tuple(textArb, textArb).map(([a, b]) => utf8(`${a}\uFFFD${b}`)),
);
const urlArb = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  textArb.map((path) => `https://example.com/${path}`),
);
const toleranceArb = fc.option(fc.oneof(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 60, noNaN: true })), {
  nil: undefined,
});
const formArb = fc.constantFrom<BodyForm>(
  "string",
  "uint8array",
  "arraybuffer",
  "view-in-larger-buffer",
  "node-buffer",
);

const isUtf8 = (bytes: Uint8Array) => {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** A delivery that passes every rule, signed with the current key. */
const deliveryArb = fc
  .record({
    keys: keysArb,
    nowSeconds: fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }),
    nowMillis: fc.integer({ min: 0, max: 999 }),
    tolerance: toleranceArb,
    body: bodyArb,
    form: formArb,
    sub: urlArb,
    checkUrl: fc.boolean(),
    age: fc.integer({ min: 0, max: LIFETIME - 1 }),
    paddedBodyClaim: fc.boolean(),
    withTyp: fc.boolean(),
    jti: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 24 }),
  })
  .map((d): Spec => {
    const now = d.nowSeconds;
    const hash = sha256b64url(d.body);
    return {
      kind: "valid-current",
      keys: d.keys,
      nowMs: now * 1000 + d.nowMillis,
      tolerance: d.tolerance,
      signedBody: d.body,
      receivedBody: d.body,
      bodyForm: d.form === "string" && !isUtf8(d.body) ? "uint8array" : d.form,
      url: d.checkUrl ? d.sub : undefined,
      header: d.withTyp ? { alg: "HS256", typ: "JWT" } : { alg: "HS256" },
      payload: {
        iss: "Upstash",
        sub: d.sub,
        exp: now - d.age + LIFETIME,
        nbf: now - d.age,
        iat: now - d.age,
        jti: `jwt_${d.jti}`,
        body: d.paddedBodyClaim ? `${hash}=` : hash,
      },
      signer: "current",
      hmacHash: "SHA-256",
      spelling: "plain",
      expected: { ok: true, key: "current" },
    };
  });

const nowOf = (spec: Spec) => Math.floor(spec.nowMs / 1000);
const claimsOf = (spec: Spec) => spec.payload as Json;
const withClaims = (spec: Spec, changes: Json): Json => ({ ...claimsOf(spec), ...changes });
const rejects = (reason: SignatureFailureReason) => ({ ok: false as const, reason });

/** Changes received bytes so that they differ from the signed ones. */
const tamperArb = fc.constantFrom("flip-bit", "append", "drop-last", "replacement-to-invalid", "replace");
function tamper(bytes: Uint8Array, how: string, seed: number): Uint8Array {
  const changed = tamperOnce(bytes, how, seed);
  return same(changed, bytes) ? new Uint8Array([...bytes, 0]) : changed;
}

function tamperOnce(bytes: Uint8Array, how: string, seed: number): Uint8Array {
  const at = bytes.length ? seed % bytes.length : 0;
  const replacementAt = Buffer.from(bytes).indexOf(Buffer.from(REPLACEMENT));
  if (how === "replacement-to-invalid" && replacementAt >= 0) {
    // U+FFFD becomes a byte that is not UTF-8: a text decoder turns it back into U+FFFD.
    return new Uint8Array([...bytes.subarray(0, replacementAt), 0xff, ...bytes.subarray(replacementAt + 3)]);
  }
  if (how === "drop-last" && bytes.length) return bytes.slice(0, -1);
  if (how === "replace" && bytes.length) return utf8(`other ${seed}`);
  if (how === "flip-bit" && bytes.length) {
    const copy = bytes.slice();
    copy[at] ^= 1 << (seed % 8);
    return copy;
  }
  return new Uint8Array([...bytes, seed % 256]);
}

/** Ways to give the receiver a URL other than the one signed. */
const URL_CHANGES: Record<string, (url: string, other: string) => string> = {
  "trailing-slash": (url) => (url.endsWith("/") ? url.slice(0, -1) : `${url}/`),
  query: (url) => `${url}${url.includes("?") ? "&" : "?"}x=1`,
  scheme: (url) => url.replace(/^https?:/, (scheme) => (scheme === "http:" ? "https:" : "http:")),
  "upper-case": (url) => url.toUpperCase(),
  other: (_, other) => other,
};
function changeUrl(url: string, how: string, other: string): string {
  const changed = URL_CHANGES[how](url, other);
  return changed === url ? `${url}#changed` : changed;
}

const positiveToleranceArb = fc.oneof(fc.integer({ min: 1, max: 60 }), fc.double({ min: 1, max: 60, noNaN: true }));

const expiredClaims = (s: Spec) => withClaims(s, { exp: nowOf(s) - 10_000, nbf: nowOf(s) - 10_000 - LIFETIME });
const appended = (s: Spec) => tamper(s.signedBody, "append", 7);
const otherUrl = (s: Spec) => `${claimsOf(s).sub}/x`;
const SEVERAL_FAULTS: Record<string, (s: Spec) => Partial<Spec>> = {
  "wrong-key+expired": (s) => ({ signer: "wrong", payload: expiredClaims(s), expected: rejects("wrong-key") }),
  "wrong-key+body": (s) => ({ signer: "wrong", receivedBody: appended(s), expected: rejects("wrong-key") }),
  "issuer+expired": (s) => ({ payload: { ...expiredClaims(s), iss: "upstash" }, expected: rejects("wrong-issuer") }),
  "expired+url": (s) => ({ payload: expiredClaims(s), url: otherUrl(s), expected: rejects("expired") }),
  "url+body": (s) => ({ url: otherUrl(s), receivedBody: appended(s), expected: rejects("url-changed") }),
};

export const KINDS: Record<string, fc.Arbitrary<Spec>> = {
  "valid-current": deliveryArb,
  "valid-next": deliveryArb.map((s) => ({
    ...s,
    kind: "valid-next",
    signer: "next" as const,
    expected: { ok: true as const, key: "next" as const },
  })),
  "wrong-key": deliveryArb.map((s) => ({
    ...s,
    kind: "wrong-key",
    signer: "wrong" as const,
    expected: rejects("wrong-key"),
  })),
  "body-tampered": fc.tuple(deliveryArb, tamperArb, fc.nat()).map(([s, how, seed]) => ({
    ...s,
    kind: "body-tampered",
    receivedBody: tamper(s.signedBody, how, seed),
    bodyForm: "uint8array" as const,
    expected: rejects("body-changed"),
  })),
  "url-tampered": fc
    .tuple(deliveryArb, fc.constantFrom(...Object.keys(URL_CHANGES)), urlArb)
    .map(([s, how, other]) => ({
      ...s,
      kind: "url-tampered",
      url: changeUrl(claimsOf(s).sub as string, how, other),
      expected: rejects("url-changed"),
    })),
  // exp at or before now - tolerance, the boundary (d = 0) included.
  expired: fc.tuple(deliveryArb, fc.integer({ min: 0, max: 10_000 })).map(([s, d]) => {
    const exp = Math.floor(nowOf(s) - (s.tolerance ?? 0)) - d;
    return {
      ...s,
      kind: "expired",
      payload: withClaims(s, { exp, nbf: exp - LIFETIME, iat: exp - LIFETIME }),
      expected: rejects("expired"),
    };
  }),
  // Past exp by less than the tolerance: the tolerance saves it.
  "expired-within-tolerance": fc.tuple(deliveryArb, positiveToleranceArb, fc.nat()).map(([s, tolerance, d]) => {
    const now = nowOf(s);
    const lowest = Math.floor(now - tolerance) + 1;
    const exp = lowest + (d % (now - lowest + 1));
    const payload = withClaims(s, { exp, nbf: exp - LIFETIME, iat: exp - LIFETIME });
    return { ...s, kind: "expired-within-tolerance", tolerance, payload };
  }),
  "not-yet-valid": fc.tuple(deliveryArb, fc.integer({ min: 0, max: 10_000 })).map(([s, d]) => {
    const nbf = Math.floor(nowOf(s) + (s.tolerance ?? 0)) + 1 + d;
    return {
      ...s,
      kind: "not-yet-valid",
      payload: withClaims(s, { nbf, iat: nbf, exp: nbf + LIFETIME }),
      expected: rejects("not-yet-valid"),
    };
  }),
  // nbf ahead of now by no more than the tolerance.
  "early-within-tolerance": fc.tuple(deliveryArb, positiveToleranceArb, fc.nat()).map(([s, tolerance, d]) => {
    const now = nowOf(s);
    const nbf = now + 1 + (d % (Math.floor(now + tolerance) - now));
    return {
      ...s,
      kind: "early-within-tolerance",
      tolerance,
      payload: withClaims(s, { nbf, iat: nbf, exp: nbf + LIFETIME }),
    };
  }),
  "wrong-issuer": fc
    .tuple(
      deliveryArb,
      fc.oneof(fc.constantFrom<unknown>("upstash", "UPSTASH", "Upstash ", "", 1, null, undefined), fc.string()),
    )
    .filter(([, iss]) => iss !== "Upstash")
    .map(([s, iss]) => ({
      ...s,
      kind: "wrong-issuer",
      payload: withClaims(s, { iss }),
      expected: rejects("wrong-issuer"),
    })),
  "other-algorithm": fc
    .tuple(deliveryArb, fc.constantFrom("HS384", "HS512", "none", "RS256", "ES256", "hs256", "HS256 "))
    .map(([s, alg]) => {
      const hmacHash =
        alg === "HS384" ? ("SHA-384" as const) : alg === "HS512" ? ("SHA-512" as const) : ("SHA-256" as const);
      const sdkAccepts = alg === "HS384" || alg === "HS512";
      return {
        ...s,
        kind: "other-algorithm",
        header: { alg, typ: "JWT" },
        hmacHash,
        spelling: alg === "none" ? ("none-signature" as const) : ("plain" as const),
        expected: rejects("unsupported-algorithm"),
        sdk: sdkAccepts ? { difference: "sdk accepts HS384 and HS512", accepts: true } : undefined,
      };
    }),
  malformed: fc
    .tuple(
      deliveryArb,
      fc.constantFrom(
        "random",
        "drop-signature",
        "extra-part",
        "empty",
        "stray-character",
        "short-signature",
        "long-signature",
        "header-not-json",
        "header-array",
        "header-without-alg",
        "alg-number",
        "payload-not-json",
        "payload-array",
        "payload-number",
      ),
      fc.string({ maxLength: 60 }),
    )
    .map(([s, how, random]) => {
      const spec: Spec = { ...s, kind: "malformed", expected: rejects("malformed-token") };
      if (how === "random") return { ...spec, raw: random === "" ? "x" : random };
      if (how === "header-not-json") return { ...spec, header: utf8('{"alg":"HS256"') };
      if (how === "header-array") return { ...spec, header: utf8('["HS256"]') };
      if (how === "header-without-alg") return { ...spec, header: { typ: "JWT" } };
      if (how === "alg-number") return { ...spec, header: { alg: 256 } };
      if (how === "payload-not-json") return { ...spec, payload: utf8("iss=Upstash") };
      if (how === "payload-array") return { ...spec, payload: utf8(JSON.stringify([claimsOf(s)])) };
      if (how === "payload-number") return { ...spec, payload: utf8("1700000000") };
      if (how === "empty") return { ...spec, raw: "", expected: rejects("missing-signature") };
      return { ...spec, spelling: how as Spelling };
    }),
  // Every token QStash sends carries sub, exp, nbf and body (features/security); jose only checks the ones present.
  "missing-claim": fc
    .tuple(
      deliveryArb,
      fc.constantFrom("exp", "nbf", "sub", "body", "iat"),
      fc.constantFrom<unknown>(undefined, "1700000000", null, true, 5, ["x"], {}),
    )
    .filter(
      ([, claim, value]) =>
        !(claim === "sub" || claim === "body" ? typeof value === "string" : typeof value === "number"),
    )
    .map(([s, claim, value]) => {
      const payload = withClaims(s, {});
      if (value === undefined) delete payload[claim];
      else payload[claim] = value;
      // jose checks exp and nbf only when they are there; the SDK compares sub only when given a URL.
      const sdkSkips =
        ((claim === "exp" || claim === "nbf") && value === undefined) || (claim === "sub" && s.url === undefined);
      const difference = sdkSkips
        ? { difference: `sdk accepts a token without a valid ${claim}`, accepts: true }
        : undefined;
      // A missing iat is allowed by both: it is not one of the claims the docs say to check.
      const expected = claim === "iat" && value === undefined ? s.expected : rejects("malformed-token");
      return { ...s, kind: "missing-claim", payload, expected, sdk: difference };
    }),
  // Spellings a lenient decoder reads as a valid token; we accept only the one canonical spelling.
  "non-canonical": fc
    .tuple(
      deliveryArb,
      fc.constantFrom(
        "padded-signature",
        "plus-slash-signature",
        "newline-after-signature",
        "padded-payload",
        "crit-b64",
        "payload-not-utf8",
      ),
    )
    .map(([s, how]) => {
      const spec: Spec = {
        ...s,
        kind: "non-canonical",
        expected: rejects("malformed-token"),
        sdk: { difference: `sdk accepts a non-canonical token (${how})`, accepts: true },
      };
      if (how === "crit-b64") return { ...spec, header: { alg: "HS256", typ: "JWT", crit: ["b64"], b64: true } };
      if (how === "payload-not-utf8") {
        const json = utf8(JSON.stringify(withClaims(s, { jti: "@" })));
        const at = Buffer.from(json).indexOf('"@"') + 1;
        json[at] = 0xff;
        return { ...spec, payload: json };
      }
      return { ...spec, spelling: how as Spelling };
    }),
  // Several faults at once: the reason is the first in the order the checks run.
  "several-faults": fc
    .tuple(deliveryArb, fc.constantFrom(...Object.keys(SEVERAL_FAULTS)))
    .map(([s, how]) => ({ ...s, kind: "several-faults", bodyForm: "uint8array" as const, ...SEVERAL_FAULTS[how](s) })),
};
