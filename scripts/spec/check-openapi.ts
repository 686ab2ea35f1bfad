import type { YamlSource } from "./load-yaml.ts";
import { SpecError } from "./spec-error.ts";
import type { OpenApiDocument } from "./build.ts";
import { resolvePointer } from "./pointer.ts";

/** Is this parsed file an OpenAPI 3.1 description whose `$ref`s all resolve inside it? Throws a SpecError if not. */
export function checkOpenApi31(source: YamlSource): void {
  assertOpenApi31(source);
  assertRefsResolve(source);
}

function assertOpenApi31(source: YamlSource): void {
  const fail = (pointer: string, problem: string, fix: string): never => {
    throw new SpecError(source.file, source.locate(pointer), problem, fix);
  };
  const value = source.value;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return fail(
      "",
      "is not an OpenAPI document (the top level is not a mapping)",
      "start from `openapi: 3.1.0`, `info` and `paths`",
    );
  const doc = value as OpenApiDocument;
  if (typeof doc.openapi !== "string")
    fail("", "is not an OpenAPI document (no `openapi` version field)", "add `openapi: 3.1.0` at the top");
  if (!/^3\.1\.\d+$/.test(doc.openapi))
    fail(
      "/openapi",
      `declares OpenAPI ${doc.openapi}; this pipeline takes 3.1.x`,
      "convert the description to OpenAPI 3.1",
    );
  if (typeof doc.info !== "object" || doc.info === null)
    fail("", "has no `info` object", "add `info` with `title` and `version`");
  if (typeof doc.paths !== "object" || doc.paths === null) fail("", "has no `paths` object", "add `paths`");
}

/** Every `$ref` must point inside this file and at something that exists. */
function assertRefsResolve(source: YamlSource): void {
  const walk = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${pointer}/${i}`));
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      const here = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      if (key === "$ref" && typeof value === "string") {
        if (!value.startsWith("#/"))
          throw new SpecError(
            source.file,
            source.locate(here),
            `$ref ${value} points outside this file`,
            "inline the target or move it under #/components",
          );
        if (resolvePointer(source.value, value.slice(1)) === undefined)
          throw new SpecError(
            source.file,
            source.locate(here),
            `$ref ${value} points at nothing`,
            `define ${value.slice(2).replace(/\//g, ".")} or correct the reference`,
          );
        const loop = refLoop(source.value, value);
        if (loop)
          throw new SpecError(
            source.file,
            source.locate(here),
            `$ref ${value} leads back to itself (${loop.join(" → ")}) and names no value`,
            "let one of these define a schema (a recursive schema refers to itself from inside a property)",
          );
      } else walk(value, here);
    }
  };
  walk(source.value, "");
}

/** The chain of references when following `ref` through objects that are only references comes back to one of them. */
function refLoop(root: unknown, ref: string): string[] | null {
  const chain = [ref];
  for (
    let node = resolvePointer(root, ref.slice(1)) as any;
    typeof node?.$ref === "string";
    node = resolvePointer(root, node.$ref.slice(1))
  ) {
    if (!node.$ref.startsWith("#/")) return null;
    if (chain.includes(node.$ref)) return [...chain, node.$ref];
    chain.push(node.$ref);
  }
  return null;
}
