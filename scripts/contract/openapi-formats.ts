import type { Ajv2020 } from "ajv/dist/2020.js";

/**
 * The formats OpenAPI 3.1 adds to JSON Schema's (https://spec.openapis.org/oas/v3.1.0#data-types),
 * so that a validator checks them instead of warning that it does not know them: int32 and int64
 * bound an integer, byte is base64 text, binary and password say nothing a validator can check.
 */
export function addOpenApiFormats(ajv: Ajv2020): Ajv2020 {
  const integerWithin = (bits: number) => (value: number) =>
    Number.isInteger(value) && Math.abs(value) <= 2 ** (bits - 1);
  ajv.addFormat("int32", { type: "number", validate: integerWithin(32) });
  ajv.addFormat("int64", { type: "number", validate: integerWithin(64) });
  ajv.addFormat("byte", {
    type: "string",
    validate: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  });
  ajv.addFormat("binary", true);
  ajv.addFormat("password", true);
  return ajv;
}
