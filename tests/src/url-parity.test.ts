import fc from "fast-check";
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { expect, test } from "vitest";
import { QStashGuardError } from "../../src/guard-error.ts";
import { buildRequest } from "../../src/request.ts";

// The client builds URLs itself (no Request object per call, see src/request.ts); this pins its
// output to openapi-fetch's own serializers for the shapes QStash parameters take.
const querySerializer = createQuerySerializer({ array: { style: "form", explode: true } });
const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom("a b", "ä/ü?&=#", "https://example.com:8443/hook?x=1&y=2", "100%"),
);
const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,11}$/);

test("path and query serialization match openapi-fetch's for any QStash-shaped parameters", () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 1 }),
      fc.dictionary(name, fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }))),
      (id, query) => {
        const params = { path: { id }, query };
        let ours: string;
        try {
          ours = buildRequest("GET", "https://qstash.upstash.io", "/v2/things/{id}", params, [], undefined, "").url;
        } catch (error) {
          // A value the guard refuses (blank, a "." or ".." step: tests/src/path-values.test.ts) is never sent.
          if (!(error instanceof QStashGuardError)) throw error;
          fc.pre(false);
          return;
        }
        const theirs = createFinalURL("/v2/things/{id}", {
          baseUrl: "https://qstash.upstash.io",
          params,
          querySerializer,
          pathSerializer: defaultPathSerializer,
        });
        expect(ours).toBe(theirs);
      },
    ),
    { numRuns: 300 },
  );
});
