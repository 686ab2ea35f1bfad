import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { addOpenApiFormats } from "../openapi-formats.ts";

/**
 * A JSON Schema 2020-12 validator over one OpenAPI 3.1 description. Prism validates 3.1 schemas
 * as draft-07 and silently skips newer keywords (prefixItems, const on draft-07 paths,
 * dependentRequired, unevaluatedProperties…); this one enforces the dialect 3.1 declares.
 * Schemas are addressed by JSON pointer into the description, so `#/components/...` refs inside
 * them resolve against the document they came from.
 */
export interface SchemaValidator {
  /** Errors of `value` against the schema at `pointer` (a JSON pointer into the description); [] when valid. */
  validate(pointer: string, value: unknown): string[];
}

const DOCUMENT_ID = "urn:qstash:description";

export function createSchemaValidator(description: object): SchemaValidator {
  // strict: false because the description is not itself a schema (paths, operations…) and OpenAPI
  // schemas may carry `example`, which is not a JSON Schema keyword.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  addOpenApiFormats(ajv);
  ajv.addSchema({ ...structuredClone(description), $id: DOCUMENT_ID });
  const compiled = new Map<string, ValidateFunction>();
  return {
    validate(pointer, value) {
      let check = compiled.get(pointer);
      if (!check) {
        check = ajv.compile({ $ref: `${DOCUMENT_ID}#${encodePointer(pointer)}` });
        compiled.set(pointer, check);
      }
      if (check(value)) return [];
      return (check.errors ?? []).map(
        (e) =>
          `${e.instancePath || "(root)"} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""}`,
      );
    },
  };
}

/** JSON pointers in a URI fragment must percent-encode characters such as `{`, `}` and spaces. */
function encodePointer(pointer: string): string {
  return pointer
    .split("/")
    .map((part) => encodeURIComponent(part).replace(/%7E/gi, "~"))
    .join("/");
}

/** Escapes one key for a JSON pointer (RFC 6901). */
export function pointerPart(key: string | number): string {
  return String(key).replace(/~/g, "~0").replace(/\//g, "~1");
}
