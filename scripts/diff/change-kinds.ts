/**
 * Every kind of change the change report tells a caller of the typed client about, with the
 * rule that classifies it. The rules are ours (the catalogue of kinds follows the checks oasdiff
 * runs, keeping those a TypeScript caller can feel), written for one caller model:
 *
 *   A caller of openapi-fetch over openapi-typescript's `paths` writes the path, `params`
 *   and `body` as literals, and reads `data` and `error` field by field into variables typed as
 *   the old description said. `data` is the union of every success answer's bodies (all media
 *   types), `error` the union of every error answer's bodies (openapi-typescript-helpers'
 *   OkStatus and ErrorStatus lists); a status in neither list is not typed at all.
 *
 * Three levels, each proven in tests/scripts/diff/classification.test.ts:
 * - `compile` (breaking): such a caller, correct against the old types, fails tsc against the
 *   new ones.
 * - `runtime` (warning): it still compiles, but may fail at run time: a request value that was
 *   valid is now refused (shown with the JSON Schema validator), or a fact the types do not
 *   carry (servers, credentials, response headers, wire format) moved.
 * - `none` (fine): nothing such a caller wrote stops compiling or is refused.
 *
 * Direction matters: on the request side the caller is the writer, so narrowing hurts; on the
 * response side the caller is the reader, so widening hurts.
 */
export type Direction = "request" | "response" | "operation";
export type Effect = "compile" | "runtime" | "none";

export interface Rule {
  effect: Effect;
  /** Why, in a caller's words: shown in the report next to each change. */
  why: string;
}

type Rules = Partial<Record<Direction, Rule>>;

const compile = (why: string): Rule => ({ effect: "compile", why });
const runtime = (why: string): Rule => ({ effect: "runtime", why });
const fine = (why: string): Rule => ({ effect: "none", why });

export const CHANGE_KINDS = {
  // Operations and paths
  "operation-added": { operation: fine("a new call; nothing existing changes") },
  "operation-removed": {
    operation: compile("the path/method pair is gone from the types, so the call no longer compiles"),
  },
  "operation-deprecated": { operation: fine("still callable (a @deprecated note in the types); plan to move off it") },
  "operation-reactivated": { operation: fine("no longer deprecated") },
  "operation-id-changed": {
    operation: compile('code naming the operation\'s type (operations["…"]) no longer compiles'),
  },
  "path-parameter-renamed": {
    operation: compile("the path literal passed to the client changed, so the old one no longer compiles"),
  },
  // Auth and servers: not in the types, so never a compile error
  "security-alternative-removed": { operation: runtime("callers authenticating this way are refused") },
  "security-alternative-added": { operation: fine("one more way to authenticate") },
  "security-required": { operation: runtime("a call that needed no credentials is refused without them") },
  "security-scheme-changed": {
    operation: runtime("the credential is expected in another place or form, so it is refused"),
  },
  "server-removed": { operation: runtime("callers pointed at this base URL reach nothing") },
  "server-added": { operation: fine("one more base URL") },
  "server-variable-value-removed": { operation: runtime("callers using this value (e.g. a region) reach nothing") },
  "server-variable-value-added": { operation: fine("one more value (e.g. a region)") },
  "server-variable-default-changed": {
    operation: fine("callers that do not choose now reach another base URL of the same API"),
  },
  // Parameters
  "parameter-added-optional": { request: fine("a new option; existing calls are unchanged") },
  "parameter-added-required": { request: compile("existing calls lack the new required parameter") },
  "parameter-removed": { request: compile("calls that pass it no longer compile: `params` has no such key now") },
  "parameter-became-required": { request: compile("calls that omit it no longer compile") },
  "parameter-became-optional": { request: fine("calls may now omit it") },
  "parameter-deprecated": { request: fine("still accepted; plan to move off it") },
  "parameter-reactivated": { request: fine("no longer deprecated") },
  "parameter-serialization-changed": {
    request: runtime("openapi-fetch serializes as before, but the server now reads another shape on the wire"),
  },
  // Request body: `body` is the union of every request media type's schema
  "request-body-added-required": { request: compile("existing calls send no body") },
  "request-body-added-optional": { request: fine("a body may now be sent") },
  "request-body-removed": { request: compile("calls that send a body no longer compile") },
  "request-body-became-required": { request: compile("calls without a body no longer compile") },
  "request-body-became-optional": { request: fine("the body may now be omitted") },
  "request-media-type-added": { request: fine("one more content type is accepted") },
  "request-media-type-removed": {
    request: runtime(
      "the shape still compiles (another content type takes it), but bodies sent as this content type are refused",
    ),
  },
  "request-media-type-removed-only-shape": {
    request: compile("no remaining content type takes this body shape, so calls passing it no longer compile"),
  },
  // Responses: statuses and media types add or remove members of `data` / `error`
  "response-status-added": {
    response: fine("a new answer: its body, if any, has a shape readers already handle (or there was no body to read)"),
  },
  "response-status-added-new-shape": {
    response: compile(
      "a new answer with another body shape widens `data` or `error`, so reads of the old shape no longer compile",
    ),
  },
  "response-status-removed": {
    response: fine(
      "`data`/`error` keep the other answers' shapes, so reads compile; only code comparing `response.status` notices",
    ),
  },
  "response-media-type-added": {
    response: fine("one more content type may come back, with a shape readers already handle"),
  },
  "response-media-type-added-new-shape": {
    response: compile(
      "a new content type with another body shape widens `data` or `error`, so reads of the old shape no longer compile",
    ),
  },
  "response-media-type-removed": {
    response: fine("this content type no longer comes back; the other shapes are unchanged"),
  },
  "response-body-gone": {
    response: compile(
      "no answer on this side has a body left: `data` or `error` turns `undefined`/`never`, so reads of its fields no longer compile",
    ),
  },
  "response-header-added": { response: fine("one more header to read") },
  "response-header-removed": {
    response: runtime("openapi-fetch does not type headers: readers of this header get null"),
  },
  "response-header-became-optional": {
    response: runtime("openapi-fetch does not type headers: readers of this header may get null"),
  },
  "response-header-became-required": { response: fine("the header is now always there") },
  // Fields and values: parameter schemas, request body fields, response fields, header values
  "type-changed": {
    request: compile("values of the old type are no longer accepted"),
    response: compile("the value read has another type"),
  },
  "type-widened": {
    request: fine("every old value is still accepted"),
    response: compile("readers may now get a value of a type they do not handle"),
  },
  "type-narrowed": {
    request: compile("some values callers passed are no longer accepted"),
    response: fine("every value read is still of a type readers handle"),
  },
  "became-integer": {
    request: runtime("TypeScript has one `number` type, so it compiles, but fractions are now refused"),
    response: fine("values read are still numbers"),
  },
  "became-number": {
    request: fine("fractions are now accepted too"),
    response: fine("TypeScript has one `number` type; readers may now see fractions"),
  },
  "became-list": {
    request: compile("a caller passing a single value no longer compiles; it must pass a list"),
    response: compile("readers expecting a single value now get a list"),
  },
  "became-single": {
    request: compile("a caller passing a list no longer compiles"),
    response: compile("readers expecting a list now get a single value"),
  },
  "variant-added": {
    request: fine("one more shape is accepted"),
    response: compile("a value of a new shape may come back, without the fields readers use"),
  },
  "variant-added-known-shape": {
    response: fine("a new alternative whose shape readers already handle"),
  },
  "variant-removed": {
    request: compile("callers passing a value of this shape no longer compile"),
    response: fine("values of this shape no longer come back"),
  },
  "variant-removed-known-shape": {
    request: fine("a remaining alternative still takes what this one took"),
  },
  "format-changed": {
    request: runtime("values in the old format may be refused"),
    response: fine("the TypeScript type is unchanged; parsers of the value may need a look"),
  },
  "enum-value-added": {
    request: fine("one more value may be sent"),
    response: compile("readers that handle every listed value meet one they do not know"),
  },
  "enum-value-removed": {
    request: compile("calls passing this value no longer compile"),
    response: fine("the value no longer comes back"),
  },
  "became-enum": {
    request: compile("only listed values are accepted now"),
    response: fine("the values read are now a known list"),
  },
  "enum-lifted": {
    request: fine("any value is accepted now"),
    response: compile("readers of the old list of values may get anything"),
  },
  "limit-narrowed": {
    request: runtime("values that were valid are now refused"),
    response: fine("values read stay within the old limits"),
  },
  "limit-widened": {
    request: fine("more values are accepted"),
    response: fine(
      "the TypeScript type is unchanged; readers relying on the old bound may see larger or smaller values",
    ),
  },
  "default-changed": {
    request: fine("calls that omit it now get another value (a behaviour change, not a type change)"),
    response: fine("informational"),
  },
  "became-nullable": {
    request: fine("null is now accepted"),
    response: compile("readers may now get null"),
  },
  "became-not-nullable": {
    request: compile("calls passing null no longer compile"),
    response: fine("null no longer comes back"),
  },
  "field-added-optional": {
    request: fine("a new optional field"),
    response: fine("a new field to read"),
  },
  "field-added-required": {
    request: compile("existing bodies lack the new required field"),
    response: fine("a new field, always present"),
  },
  "field-removed": {
    // openapi-fetch does not flag an unknown body field (proven in tests/diff), and an object
    // that takes unlisted fields still validates it: the server may only ignore it.
    request: fine(
      "still compiles and still validates (the object takes unlisted fields); the server may ignore the value",
    ),
    response: compile("reads of the field no longer compile"),
  },
  "field-removed-from-closed-object": {
    request: runtime("the object takes no unlisted fields, so bodies that set it are refused"),
  },
  "last-field-removed": {
    request: compile(
      "the object now lists no field and is typed `Record<string, never>`: bodies that set any field no longer compile",
    ),
    response: compile("reads of the field no longer compile (openapi-fetch reads the object as `{}`)"),
  },
  "field-became-required": {
    request: compile("bodies that omit it no longer compile"),
    response: fine("the field is now always present"),
  },
  "field-became-optional": {
    request: fine("bodies may now omit it"),
    response: compile("readers now get `undefined` in the type and must handle it"),
  },
  "field-deprecated": {
    request: fine("still accepted; plan to move off it"),
    response: fine("still sent; plan to move off it"),
  },
  "field-reactivated": {
    request: fine("no longer deprecated"),
    response: fine("no longer deprecated"),
  },
  "additional-properties-narrowed": {
    request: runtime("fields outside the listed ones are now refused"),
    response: fine("no unlisted fields come back"),
  },
  "additional-properties-widened": {
    request: fine("unlisted fields are now accepted"),
    response: fine("unlisted fields may come back; typed reads are unchanged"),
  },
  "index-signature-added": {
    request: fine("unlisted fields are now typed"),
    response: fine("unlisted fields are now typed for readers"),
  },
  "index-signature-removed": {
    request: fine("unlisted fields are still accepted; openapi-fetch does not flag them in a body"),
    response: compile("reads of unlisted fields (`value[key]`) no longer compile"),
  },
  "index-signature-removed-no-fields": {
    request: compile(
      "the object lists no field either, so it is typed `Record<string, never>`: bodies that set any field no longer compile",
    ),
    response: compile(
      "reads of unlisted fields (`value[key]`) no longer compile (openapi-fetch reads the object as `{}`)",
    ),
  },
} satisfies Record<string, Rules>;

export type ChangeKind = keyof typeof CHANGE_KINDS;

export function ruleFor(kind: ChangeKind, direction: Direction): Rule {
  const rules: Rules = CHANGE_KINDS[kind];
  const rule = rules[direction] ?? rules.operation;
  if (!rule) throw new Error(`change kind ${kind} has no rule for the ${direction} side`);
  return rule;
}
