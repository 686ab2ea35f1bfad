import { describe, expect, it } from "vitest";
import { redact } from "../../../scripts/live/redact.ts";

// What a live run writes to a report or a log: the token must be gone in every form an upstream
// may echo it in (the same forms the client masks, src/redact.ts).
describe("the live redactor", () => {
  const token = "tok/en+1";
  const cases: [string, string][] = [
    ["raw", `echo ${token}`],
    ["percent-encoded", `echo ${encodeURIComponent(token)}`],
    ["percent-encoded, lower-case hex", `echo ${encodeURIComponent(token).toLowerCase()}`],
    ["JSON-escaped", `echo ${JSON.stringify(token).replace("/", "\\/")}`],
    ["in a query", "GET /v2/dlq?qstash_token=someone-elses"],
    ["as a credential", "authorization: Bearer someone-elses"],
  ];
  it.each(cases)("masks the token %s", (_name, text) => {
    const out = redact(text, token);
    expect(out).toContain("[token]");
    for (const form of ["tok/en", "tok\\/en", "tok%2Fen", "en%2B1", "someone-elses"])
      expect(out.toLowerCase()).not.toContain(form.toLowerCase());
  });

  it("leaves the prose 'a bearer token' alone", () => {
    expect(redact("send a bearer token", token)).toBe("send a bearer token");
  });
});
