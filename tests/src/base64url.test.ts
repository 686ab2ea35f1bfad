import { expect, test } from "vitest";
import { decodeBase64url, encodeBase64url } from "../../src/base64url.ts";

test.each<[number[], string]>([
  [[], ""],
  [[0], "AA"],
  [[0, 0], "AAA"],
  [[0, 0, 0], "AAAA"],
  [[0xfb, 0xff], "-_8"],
  [[0xff, 0xff, 0xff, 0xff], "_____w"],
])("%j encodes as %j, and back", (bytes, text) => {
  expect(encodeBase64url(new Uint8Array(bytes))).toBe(text);
  expect([...decodeBase64url(text)!]).toEqual(bytes);
});

test.each([
  ["A", "a length of 4n+1, which no bytes spell"],
  ["AAAAA", "a length of 4n+1 after a whole group"],
  ["AA==", "padding"],
  ["+/8", "standard base64 letters"],
  ["AB", "bits set that the last character does not carry"],
  ["AA A", "a space"],
])("%j is refused: %s", (text) => {
  expect(decodeBase64url(text)).toBeNull();
});
