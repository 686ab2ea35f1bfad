/**
 * Base64url without padding (RFC 4648 section 5, as JWS uses it in RFC 7515 section 2), on
 * atob/btoa so that it runs the same in Node, browsers and edge runtimes.
 */

const ALPHABET = /^[A-Za-z0-9_-]*$/;

export function encodeBase64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  // Stryker disable next-line Regex: btoa writes "=" only as padding at the end, so the `$` changes nothing
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Decodes the one canonical spelling of some bytes, or returns null: no padding, no character
 * outside the alphabet, and zero in the unused low bits of the last character. A decoder that
 * accepted more would let several different strings stand for one value.
 */
export function decodeBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!ALPHABET.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return encodeBase64url(bytes) === text ? bytes : null;
}
