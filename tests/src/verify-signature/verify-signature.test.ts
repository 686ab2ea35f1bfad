import { createHash } from "node:crypto";
import { Receiver } from "@upstash/qstash";
import fc from "fast-check";
import { afterEach, describe, expect, test, vi } from "vitest";
import { seedFromEnv } from "../../../scripts/contract/operations/cases.ts";
import { verifySignature, type SignatureFailureReason, type SignatureVerdict } from "../../../src/verify-signature.ts";
import {
  b64url,
  bodyArgument,
  BOM,
  hmac,
  KINDS,
  LIFETIME,
  same,
  sha256b64url,
  signToken,
  utf8,
  writeToken,
  type Json,
  type Spec,
} from "./cases.ts";

const NUM_RUNS_PER_KIND = 100;

// ---- the two verifiers on one case ------------------------------------------------------------

interface Outcome {
  ours: SignatureVerdict;
  sdkAccepts: boolean;
  sdkMessage: string;
  /** What the SDK is expected to answer, and which named difference explains it, if any. */
  sdkExpected: boolean;
  differences: string[];
}

async function runCase(spec: Spec): Promise<Outcome> {
  const token = await writeToken(spec);
  const ours = await verifySignature({
    signature: token,
    body: bodyArgument(spec.receivedBody, spec.bodyForm),
    url: spec.url,
    currentSigningKey: spec.keys.current,
    nextSigningKey: spec.keys.next,
    clockTolerance: spec.tolerance,
    now: new Date(spec.nowMs),
  });

  // The SDK takes the body as a string, so a caller hands it `request.text()`: the Fetch API itself here.
  const text = await new Response(Uint8Array.from(spec.receivedBody)).text();
  vi.setSystemTime(spec.nowMs); // jose reads the clock from Date
  const receiver = new Receiver({
    currentSigningKey: spec.keys.current,
    nextSigningKey: spec.keys.next,
    devMode: false,
  });
  let sdkAccepts = false;
  let sdkMessage = "accepted";
  try {
    sdkAccepts = await receiver.verify({ signature: token, body: text, url: spec.url, clockTolerance: spec.tolerance });
  } catch (error) {
    sdkMessage = `${(error as Error).name}: ${messageShape((error as Error).message)}`;
  }

  const differences = spec.sdk ? [spec.sdk.difference] : [];
  const reachesBody = spec.sdk ? spec.sdk.accepts : spec.expected.ok || spec.expected.reason === "body-changed";
  let sdkExpected = false;
  if (reachesBody) {
    // Its body check passes when the UTF-8 of that text is the signed body; where that is not the
    // same as comparing the received bytes, the difference is named.
    sdkExpected = same(utf8(text), spec.signedBody);
    const bytesMatch = same(spec.receivedBody, spec.signedBody);
    if (sdkExpected && !bytesMatch) differences.push("sdk accepts changed bytes that decode to the signed text");
    if (!sdkExpected && bytesMatch) differences.push("sdk rejects a body whose bytes are not kept by request.text()");
  }
  return { ours, sdkAccepts, sdkMessage, sdkExpected, differences };
}

/** The SDK's message without the values in it, to group them. */
const messageShape = (message: string) => message.replace(/(: |, want).*$/s, "").slice(0, 80);

const describeSpec = (spec: Spec) =>
  JSON.stringify(spec, (_, v) =>
    v instanceof Uint8Array ? `hex:${Buffer.from(v).toString("hex")}` : v === undefined ? "<undefined>" : v,
  );

/** What is wrong with one case's outcome: nothing, when both verifiers answer as the rules and the named differences say. */
function judge(spec: Spec, outcome: Outcome): string[] {
  const { ours } = outcome;
  const problems: string[] = [];
  const asExpected = spec.expected.ok
    ? ours.ok && ours.key === spec.expected.key
    : !ours.ok && ours.reason === spec.expected.reason;
  if (!asExpected) problems.push(`ours ${JSON.stringify(ours)}, expected ${JSON.stringify(spec.expected)}`);
  if (outcome.sdkAccepts !== outcome.sdkExpected) {
    problems.push(`SDK ${outcome.sdkMessage}, expected it to ${outcome.sdkExpected ? "accept" : "reject"}`);
  }
  if (ours.ok !== outcome.sdkAccepts && outcome.differences.length === 0)
    problems.push("ours and the SDK differ, unnamed");
  if (!ours.ok && Object.values(spec.keys).some((key) => ours.detail.includes(key)))
    problems.push("a key is in the detail");
  return problems;
}

/** Figures for the report: agreement per kind, named differences, and the SDK's messages per reason of ours. */
class Tally {
  private readonly kinds = new Map<string, { cases: number; agree: number }>();
  private readonly differences = new Map<string, number>();
  private readonly sdkMessages = new Map<string, Set<string>>();

  add(kind: string, outcome: Outcome): void {
    const row = this.kinds.get(kind) ?? { cases: 0, agree: 0 };
    row.cases++;
    if (outcome.ours.ok === outcome.sdkAccepts) row.agree++;
    this.kinds.set(kind, row);
    for (const name of outcome.differences) this.differences.set(name, (this.differences.get(name) ?? 0) + 1);
    const reason = outcome.ours.ok ? "accepted" : outcome.ours.reason;
    this.sdkMessages.set(reason, (this.sdkMessages.get(reason) ?? new Set()).add(outcome.sdkMessage));
  }

  report(): string {
    const rows = [...this.kinds.values()];
    const total = rows.reduce((sum, row) => sum + row.cases, 0);
    const agree = rows.reduce((sum, row) => sum + row.agree, 0);
    return [
      `${total} cases, ${agree} with the same accept/reject as the SDK, ${total - agree} differ:`,
      ...[...this.kinds].map(
        ([kind, row]) =>
          `  ${kind.padEnd(26)} ${String(row.cases).padStart(4)} cases, ${String(row.agree).padStart(4)} agree`,
      ),
      "named differences (a case can have two):",
      ...[...this.differences].sort().map(([name, count]) => `  ${String(count).padStart(4)}  ${name}`),
      "SDK messages by our verdict:",
      ...[...this.sdkMessages].sort().map(([reason, messages]) => `  ${reason}: ${[...messages].join(" | ")}`),
    ].join("\n");
  }
}

describe("verifySignature against the SDK's Receiver", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test("generated deliveries: same accept/reject as the SDK, the constructed reason, every difference named", async () => {
    const seed = seedFromEnv();
    console.log(
      `verify-signature differential: fast-check seed ${seed}, ${NUM_RUNS_PER_KIND} cases per kind; replay with FC_SEED=${seed}`,
    );
    vi.useFakeTimers({ toFake: ["Date"] });
    const tally = new Tally();
    const problems: string[] = [];
    for (const [index, [kind, arbitrary]] of Object.entries(KINDS).entries()) {
      for (const [at, spec] of fc.sample(arbitrary, { seed: seed + index, numRuns: NUM_RUNS_PER_KIND }).entries()) {
        const outcome = await runCase(spec);
        tally.add(kind, outcome);
        for (const problem of judge(spec, outcome))
          problems.push(`${kind} #${at} (FC_SEED=${seed}): ${problem}; ${describeSpec(spec)}`);
      }
    }
    console.log(tally.report());
    expect(problems.slice(0, 5), `${problems.length} problems`).toEqual([]);
  }, 120_000);
});

// ---- one row per rule -------------------------------------------------------------------------

const KEYS = { current: "sig_current_table", next: "sig_next_table", wrong: "sig_wrong_table" };
const KEY_OPTIONS = { currentSigningKey: KEYS.current, nextSigningKey: KEYS.next };
const NOW = 1_800_000_000;
const BODY = '{"n":1}';
const URL_SIGNED = "https://example.com/api/hook";
const HEADER = { alg: "HS256", typ: "JWT" };
const CLAIMS: Json = {
  iss: "Upstash",
  sub: URL_SIGNED,
  exp: NOW + LIFETIME,
  nbf: NOW,
  iat: NOW,
  jti: "jwt_table",
  body: `${sha256b64url(utf8(BODY))}=`,
};

interface Row {
  /** The token, from a claims change or written out. */
  token: () => Promise<string | null>;
  body?: string | ArrayBuffer | ArrayBufferView;
  url?: string;
  clockTolerance?: number;
  want: { ok: true; key: "current" | "next" } | { ok: false; reason: SignatureFailureReason; detail: RegExp };
}

const signed =
  (claims: Json = {}, key = KEYS.current, header: Json = HEADER) =>
  () =>
    signToken(key, header, { ...CLAIMS, ...claims });
const respelled = (change: (token: string) => string) => async () =>
  change(await signToken(KEYS.current, HEADER, CLAIMS));
const without = (claim: string) => () => {
  const claims = { ...CLAIMS };
  delete claims[claim];
  return signToken(KEYS.current, HEADER, claims);
};
const reject = (reason: SignatureFailureReason, detail: RegExp) => ({ ok: false as const, reason, detail });
/** A token whose header and payload are these exact bytes, signed with the current key. */
const rawSigned = (header: Uint8Array, payload: Uint8Array) => async () => {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${await hmac(KEYS.current, "SHA-256", input)}`;
};
const claimBytes = utf8(JSON.stringify(CLAIMS));
const headerBytes = utf8(JSON.stringify(HEADER));
/** The signed token with one of its three parts replaced. */
const withPart = (index: number, part: string) => respelled((t) => t.split(".").with(index, part).join("."));
/** An alg whose JSON spelling is `length` characters long. */
const algOfLength = (length: number) => "H".repeat(length - 2);

/** A body whose SHA-256 in base64url has a "-" or "_", so that standard base64 spells it differently. */
const URL_SAFE_BODY = Array.from({ length: 64 }, (_, i) => `body ${i}`).find((b) =>
  /[-_]/.test(sha256b64url(utf8(b))),
)!;

const ROWS: [string, Row][] = [
  ["signed with the current key", { token: signed(), want: { ok: true, key: "current" } }],
  ["signed with the next key", { token: signed({}, KEYS.next), want: { ok: true, key: "next" } }],
  [
    "body claim without padding",
    { token: signed({ body: sha256b64url(utf8(BODY)) }), want: { ok: true, key: "current" } },
  ],
  [
    "body claim with extra padding",
    { token: signed({ body: `${sha256b64url(utf8(BODY))}===` }), want: { ok: true, key: "current" } },
  ],
  [
    "no URL given: the subject is not compared",
    { token: signed({ sub: "https://elsewhere.example/" }), url: undefined, want: { ok: true, key: "current" } },
  ],
  ["body as an ArrayBuffer", { token: signed(), body: utf8(BODY).buffer, want: { ok: true, key: "current" } }],
  [
    "body as a view into a larger buffer",
    { token: signed(), body: utf8(`xx${BODY}yy`).subarray(2, 2 + BODY.length), want: { ok: true, key: "current" } },
  ],
  [
    "body with a byte-order mark, given as bytes",
    {
      token: signed({ body: sha256b64url(new Uint8Array([...BOM, ...utf8(BODY)])) }),
      body: new Uint8Array([...BOM, ...utf8(BODY)]),
      want: { ok: true, key: "current" },
    },
  ],
  [
    "binary body that is not UTF-8",
    {
      token: signed({ body: sha256b64url(new Uint8Array([0xff, 0x00, 0xc3])) }),
      body: new Uint8Array([0xff, 0x00, 0xc3]),
      want: { ok: true, key: "current" },
    },
  ],
  [
    "exp 4s ago, within a 5s tolerance",
    { token: signed({ exp: NOW - 4 }), clockTolerance: 5, want: { ok: true, key: "current" } },
  ],
  [
    "nbf exactly at now + tolerance",
    { token: signed({ nbf: NOW + 5 }), clockTolerance: 5, want: { ok: true, key: "current" } },
  ],
  [
    "body in shared memory, hashed from a private copy",
    {
      token: signed(),
      body: (() => {
        const shared = new Uint8Array(new SharedArrayBuffer(utf8(BODY).length));
        shared.set(utf8(BODY));
        return shared;
      })(),
      want: { ok: true, key: "current" },
    },
  ],
  ["no iat (the docs do not ask to check it)", { token: without("iat"), want: { ok: true, key: "current" } }],

  ["no header", { token: async () => null, want: reject("missing-signature", /no Upstash-Signature header/) }],
  ["empty header", { token: async () => "", want: reject("missing-signature", /no Upstash-Signature header/) }],
  [
    "not a JWT",
    { token: async () => "Bearer abc", want: reject("malformed-token", /1 dot-separated parts; a JWT has 3/) },
  ],
  ["four parts", { token: respelled((t) => `${t}.x`), want: reject("malformed-token", /4 dot-separated parts/) }],
  [
    "header not JSON",
    {
      token: respelled((t) => `${b64url("alg=HS256")}${t.slice(t.indexOf("."))}`),
      want: reject("malformed-token", /header is not a JSON object/),
    },
  ],
  [
    "header without alg",
    { token: signed({}, KEYS.current, { typ: "JWT" }), want: reject("malformed-token", /names no algorithm/) },
  ],
  [
    "padded signature",
    { token: respelled((t) => `${t}=`), want: reject("malformed-token", /signature is not unpadded base64url/) },
  ],
  [
    "standard base64 letters in the signature",
    {
      token: respelled((t) => `${t.slice(0, t.lastIndexOf("."))}.+${t.slice(t.lastIndexOf(".") + 2)}`),
      want: reject("malformed-token", /signature is not unpadded base64url/),
    },
  ],
  [
    "truncated signature",
    { token: respelled((t) => t.slice(0, -1)), want: reject("malformed-token", /signature is not unpadded base64url/) },
  ],
  [
    "header not base64url",
    { token: withPart(0, "e+J"), want: reject("malformed-token", /^the header is not unpadded base64url$/) },
  ],
  [
    "payload not base64url",
    { token: withPart(1, "eyJ="), want: reject("malformed-token", /^the payload is not unpadded base64url$/) },
  ],
  [
    "a part of 4n+1 characters, which no bytes spell",
    { token: withPart(2, "AAAAA"), want: reject("malformed-token", /^the signature is not unpadded base64url$/) },
  ],
  [
    "header null",
    {
      token: rawSigned(utf8("null"), claimBytes),
      want: reject("malformed-token", /^the header is not a JSON object$/),
    },
  ],
  [
    "header a number",
    { token: rawSigned(utf8("5"), claimBytes), want: reject("malformed-token", /^the header is not a JSON object$/) },
  ],
  [
    "header a string",
    {
      token: rawSigned(utf8('"HS256"'), claimBytes),
      want: reject("malformed-token", /^the header is not a JSON object$/),
    },
  ],
  [
    "payload null",
    {
      token: rawSigned(headerBytes, utf8("null")),
      want: reject("malformed-token", /^the payload is not a UTF-8 JSON object$/),
    },
  ],
  [
    "payload behind a byte-order mark",
    {
      token: rawSigned(headerBytes, new Uint8Array([...BOM, ...claimBytes])),
      want: reject("malformed-token", /^the payload is not a UTF-8 JSON object$/),
    },
  ],
  [
    "31-byte signature",
    {
      token: respelled(
        (t) =>
          `${t.slice(0, t.lastIndexOf("."))}.${b64url(Buffer.from(t.slice(t.lastIndexOf(".") + 1), "base64url").subarray(0, 31))}`,
      ),
      want: reject("malformed-token", /signature is 31 bytes; HS256 gives 32/),
    },
  ],
  [
    "critical header extension",
    {
      token: signed({}, KEYS.current, { ...HEADER, crit: ["b64"], b64: true }),
      want: reject("malformed-token", /critical \(crit\)/),
    },
  ],
  [
    "payload an array",
    {
      token: async () => {
        const input = `${b64url(JSON.stringify(HEADER))}.${b64url("[1]")}`;
        return `${input}.${await hmac(KEYS.current, "SHA-256", input)}`;
      },
      want: reject("malformed-token", /payload is not a UTF-8 JSON object/),
    },
  ],
  ["no exp", { token: without("exp"), want: reject("malformed-token", /exp claim is missing or not a number/) }],
  ["no nbf", { token: without("nbf"), want: reject("malformed-token", /nbf claim is missing or not a number/) }],
  ["no sub", { token: without("sub"), want: reject("malformed-token", /sub claim is missing or not a string/) }],
  [
    "no body claim",
    { token: without("body"), want: reject("malformed-token", /body claim is missing or not a string/) },
  ],
  [
    "exp as a string",
    {
      token: signed({ exp: String(NOW + 60) }),
      want: reject("malformed-token", /exp claim is missing or not a number/),
    },
  ],
  ["iat as a string", { token: signed({ iat: "now" }), want: reject("malformed-token", /iat claim is not a number/) }],
  [
    "alg none",
    {
      token: async () => `${b64url(JSON.stringify({ alg: "none" }))}.${b64url(JSON.stringify(CLAIMS))}.`,
      want: reject("unsupported-algorithm", /alg "none"; QStash signs with HS256 only/),
    },
  ],
  [
    "alg HS512, correctly signed",
    {
      token: () => signToken(KEYS.current, { alg: "HS512" }, CLAIMS, "SHA-512"),
      want: reject("unsupported-algorithm", /alg "HS512"/),
    },
  ],
  [
    "an alg of 40 characters is quoted whole",
    {
      token: signed({}, KEYS.current, { alg: algOfLength(40) }),
      want: reject("unsupported-algorithm", new RegExp(`^the token says alg "${algOfLength(40)}"; `)),
    },
  ],
  [
    "a longer alg is cut at 40 characters",
    {
      token: signed({}, KEYS.current, { alg: algOfLength(41) }),
      want: reject("unsupported-algorithm", new RegExp(`^the token says alg "${"H".repeat(39)}…; `)),
    },
  ],
  [
    "alg RS256",
    { token: signed({}, KEYS.current, { alg: "RS256" }), want: reject("unsupported-algorithm", /alg "RS256"/) },
  ],
  [
    "signed with a third key",
    {
      token: signed({}, KEYS.wrong),
      want: reject("wrong-key", /matches neither the current nor the next signing key/),
    },
  ],
  [
    "one letter of the payload changed after signing",
    {
      token: respelled((t) => t.replace(/\.(.)/, (_, c: string) => `.${c === "e" ? "f" : "e"}`)),
      want: reject("wrong-key", /neither the current nor the next/),
    },
  ],
  [
    "issuer in lower case",
    { token: signed({ iss: "upstash" }), want: reject("wrong-issuer", /the issuer is "upstash", not "Upstash"/) },
  ],
  ["no issuer", { token: without("iss"), want: reject("wrong-issuer", /names no issuer \(iss\), not "Upstash"/) }],
  [
    "nbf ahead of now",
    {
      token: signed({ nbf: NOW + 10 }),
      want: reject("not-yet-valid", /valid from 1800000010, 10s from now, beyond the clock tolerance of 0s/),
    },
  ],
  [
    "nbf ahead by more than the tolerance",
    {
      token: signed({ nbf: NOW + 6 }),
      clockTolerance: 5,
      want: reject("not-yet-valid", /6s from now, beyond the clock tolerance of 5s/),
    },
  ],
  ["exp equal to now", { token: signed({ exp: NOW }), want: reject("expired", /expired at 1800000000, 0s ago/) }],
  [
    "exp at now - tolerance",
    {
      token: signed({ exp: NOW - 5 }),
      clockTolerance: 5,
      want: reject("expired", /5s ago, beyond the clock tolerance of 5s/),
    },
  ],
  [
    "http instead of https",
    { token: signed(), url: "http://example.com/api/hook", want: reject("url-changed", /the protocol differs/) },
  ],
  ["trailing slash", { token: signed(), url: `${URL_SIGNED}/`, want: reject("url-changed", /the pathname differs/) }],
  [
    "another host",
    { token: signed(), url: "https://example.org/api/hook", want: reject("url-changed", /the host differs/) },
  ],
  ["a query added", { token: signed(), url: `${URL_SIGNED}?a=1`, want: reject("url-changed", /the search differs/) }],
  [
    "the same URL written differently",
    {
      token: signed(),
      url: "HTTPS://EXAMPLE.COM:443/api/hook",
      want: reject("url-changed", /written differently \(the comparison is exact\)/),
    },
  ],
  ["not a URL", { token: signed(), url: "/api/hook", want: reject("url-changed", /not the same string/) }],
  [
    "empty URL is compared, not skipped",
    { token: signed(), url: "", want: reject("url-changed", /not the same string/) },
  ],
  [
    "a space appended to the body",
    { token: signed(), body: `${BODY} `, want: reject("body-changed", /SHA-256 of the 8-byte body differs/) },
  ],
  [
    "body claim in standard base64",
    {
      token: signed({ body: createHash("sha256").update(URL_SAFE_BODY).digest("base64") }),
      body: URL_SAFE_BODY,
      want: reject("body-changed", /differs from the token's body claim/),
    },
  ],
  [
    "the BOM dropped, as request.text() does",
    {
      token: signed({ body: sha256b64url(new Uint8Array([...BOM, ...utf8(BODY)])) }),
      body: BODY,
      want: reject("body-changed", /7-byte body/),
    },
  ],
];

describe("verifySignature, rule by rule", () => {
  test.each(ROWS)("%s", async (_, row) => {
    const verdict = await verifySignature({
      signature: await row.token(),
      body: row.body ?? BODY,
      url: "url" in row ? row.url : URL_SIGNED,
      ...KEY_OPTIONS,
      clockTolerance: row.clockTolerance,
      now: new Date(NOW * 1000 + 999),
    });
    if (row.want.ok) {
      expect(verdict).toMatchObject({ ok: true, key: row.want.key, claims: { iss: "Upstash" } });
    } else {
      expect(verdict).toMatchObject({ ok: false, reason: row.want.reason });
      const detail = verdict.ok ? "" : verdict.detail;
      expect(detail).toMatch(row.want.detail);
      for (const key of Object.values(KEYS)) expect(detail).not.toContain(key);
    }
  });

  test("every failure reason has a row", () => {
    const covered = new Set(ROWS.map(([, row]) => (row.want.ok ? "ok" : row.want.reason)));
    const reasons: Record<SignatureFailureReason, true> = {
      "missing-signature": true,
      "malformed-token": true,
      "unsupported-algorithm": true,
      "wrong-key": true,
      "wrong-issuer": true,
      "not-yet-valid": true,
      expired: true,
      "url-changed": true,
      "body-changed": true,
    };
    for (const reason of Object.keys(reasons)) expect(covered, reason).toContain(reason);
  });

  test("without now, the clock is read", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await signToken(KEYS.current, HEADER, { ...CLAIMS, nbf: now - 5, exp: now + 60 });
    const options = { signature: token, body: BODY, ...KEY_OPTIONS };
    expect(await verifySignature(options)).toMatchObject({ ok: true });
    const stale = await signToken(KEYS.current, HEADER, { ...CLAIMS, nbf: now - 400, exp: now - 100 });
    expect(await verifySignature({ ...options, signature: stale })).toMatchObject({ ok: false, reason: "expired" });
  });

  const MISUSE: [string, Partial<Parameters<typeof verifySignature>[0]>, RegExp][] = [
    ["empty current key", { currentSigningKey: "" }, /^verifySignature: currentSigningKey is missing or empty$/],
    [
      "missing next key",
      { nextSigningKey: undefined as unknown as string },
      /^verifySignature: nextSigningKey is missing or empty$/,
    ],
    ["negative tolerance", { clockTolerance: -1 }, /clockTolerance must be a non-negative number of seconds, got -1/],
    ["NaN tolerance", { clockTolerance: Number.NaN }, /clockTolerance must be a non-negative number/],
    ["invalid date", { now: new Date("soon") }, /now is an invalid Date/],
    ["unpaired surrogate in a string body", { body: "a\uD800b" }, /unpaired surrogate; pass the received bytes/],
    [
      "body of another type",
      { body: 42 as unknown as string },
      /body must be a string, an ArrayBuffer or a typed array/,
    ],
  ];
  test.each(MISUSE)("misuse throws: %s", async (_, change, message) => {
    const signature = await signToken(KEYS.current, HEADER, CLAIMS);
    const call = verifySignature({
      signature,
      body: BODY,
      ...KEY_OPTIONS,
      now: new Date(NOW * 1000),
      ...change,
    });
    await expect(call).rejects.toThrow(message);
    await expect(call).rejects.not.toThrow(KEYS.next);
  });
});

describe("where the SDK's Receiver answers differently, stated", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const receiver = new Receiver({ currentSigningKey: KEYS.current, nextSigningKey: KEYS.next, devMode: false });
  const sdk = async (signature: string, body: string = BODY) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW * 1000);
    return receiver.verify({ signature, body, url: URL_SIGNED }).then(
      () => "accepted",
      (error: Error) => error.message,
    );
  };

  test("a claim failure under the current key is reported as the next key's signature failure", async () => {
    // The SDK retries with the next key on any failure, and keeps the second error.
    const expiredCurrent = await signToken(KEYS.current, HEADER, { ...CLAIMS, exp: NOW - 1 });
    const expiredNext = await signToken(KEYS.next, HEADER, { ...CLAIMS, exp: NOW - 1 });
    expect(await sdk(expiredCurrent)).toBe("signature verification failed");
    expect(await sdk(expiredNext)).toBe('"exp" claim timestamp check failed');
    const ours = await verifySignature({
      signature: expiredCurrent,
      body: BODY,
      ...KEY_OPTIONS,
      now: new Date(NOW * 1000),
    });
    expect(ours).toMatchObject({ ok: false, reason: "expired" });
  });

  test("HS512, a missing exp and a padded signature pass the SDK; we refuse them", async () => {
    const hs512 = await signToken(KEYS.current, { alg: "HS512" }, CLAIMS, "SHA-512");
    const noExp = await without("exp")();
    const padded = `${await signToken(KEYS.current, HEADER, CLAIMS)}=`;
    for (const [token, reason] of [
      [hs512, "unsupported-algorithm"],
      [noExp, "malformed-token"],
      [padded, "malformed-token"],
    ]) {
      expect(await sdk(token)).toBe("accepted");
      expect(
        await verifySignature({ signature: token, body: BODY, ...KEY_OPTIONS, now: new Date(NOW * 1000) }),
      ).toMatchObject({ ok: false, reason });
    }
  });

  test("a genuine body that request.text() changes fails the SDK; given as bytes it passes ours", async () => {
    // text() drops the leading byte-order mark and turns the 0xff into U+FFFD.
    const bytes = new Uint8Array([...BOM, 0xff, ...utf8(BODY)]);
    const token = await signToken(KEYS.current, HEADER, { ...CLAIMS, body: sha256b64url(bytes) });
    expect(await sdk(token, await new Response(bytes).text())).toBe(
      `body hash does not match, want: ${sha256b64url(bytes)}, got: ${sha256b64url(utf8(await new Response(bytes).text()))}`,
    );
    expect(
      await verifySignature({
        signature: token,
        body: bytes,
        url: URL_SIGNED,
        ...KEY_OPTIONS,
        now: new Date(NOW * 1000),
      }),
    ).toMatchObject({ ok: true });
  });
});

// Issue 21, class 9's last part: a signature that is not a string used to reach `text.split` and throw a
// bare TypeError from inside. Now: a list of the header's values is read (one value) or judged (more), and
// any other type is misuse, refused with verifySignature's own TypeError that names the option.
describe("a signature that is not a string", () => {
  const verify = (signature: unknown) =>
    verifySignature({
      signature: signature as never,
      body: BODY,
      ...KEY_OPTIONS,
      now: new Date(NOW * 1000),
    }).then(
      (verdict) => verdict,
      (error: Error) => error,
    );

  test.each<[string, unknown]>([
    ["a number", 42],
    ["zero", 0],
    ["false", false],
    ["an object", { token: "x" }],
    ["a Buffer", Buffer.from("a.b.c")],
    ["a Uint8Array", new Uint8Array([1, 2, 3])],
    ["a function", () => "a.b.c"],
    ["a symbol", Symbol("sig")],
    ["a list holding a number", [42]],
  ])("%s: verifySignature's own TypeError, naming the option", async (_what, signature) => {
    const error = await verify(signature);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^verifySignature: signature must be the header's text \(a string\)/);
  });

  test.each<[string, unknown]>([
    ["undefined", undefined],
    ["null", null],
    ["an empty string", ""],
    ["an empty list", []],
  ])("%s: no signature, as a verdict", async (_what, signature) => {
    const verdict = await verify(signature);
    expect(verdict).toMatchObject({ ok: false, reason: "missing-signature" });
  });

  test("a list of the header's values: one is the signature, two are a malformed token", async () => {
    const token = await signed()();
    expect(await verify([token])).toMatchObject({ ok: true });
    expect(await verify([token, token])).toMatchObject({ ok: false, reason: "malformed-token" });
  });
});
