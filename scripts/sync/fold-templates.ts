import { isDeepStrictEqual } from "node:util";
import { METHODS } from "../diff/operations.ts";
import type { OpenApiDocument } from "../spec/build.ts";
import { SpecError } from "../spec/spec-error.ts";
import { factsOf } from "./components.ts";
import type { MergeDecision } from "./merge-sources.ts";

/**
 * Two structural faults of a published description that no Overlay 1.0 action can mend without
 * copying the vendor's facts into the overlay, mended here by rule and listed in the change report:
 *
 * 1. Two path templates that differ only in their parameter names (`/v2/schedules/{destination}`
 *    and `/v2/schedules/{scheduleId}`) are one route: OpenAPI forbids them and a router cannot
 *    tell them apart. Their operations move under the template that holds the most operations
 *    (on a tie, the first); a moved operation's path parameters take that template's names, by
 *    position. Two operations of the same method on the route are an error.
 * 2. An operation that lists one parameter (name and location) twice with the same facts keeps
 *    the first listing; copies that differ are left for the lint step to refuse.
 */
export function foldTemplates(document: OpenApiDocument, label: string): MergeDecision[] {
  const decisions: MergeDecision[] = [];
  const byShape = new Map<string, string[]>();
  for (const path of Object.keys(document.paths ?? {})) {
    const shape = path.replace(/\{[^}]*\}/g, "{}");
    byShape.set(shape, [...(byShape.get(shape) ?? []), path]);
  }
  for (const paths of byShape.values()) {
    if (paths.length < 2) continue;
    const count = (path: string) => METHODS.filter((m) => document.paths[path]?.[m]).length;
    const target = paths.reduce((best, path) => (count(path) > count(best) ? path : best));
    for (const path of paths.filter((p) => p !== target)) {
      for (const method of METHODS) {
        const operation = document.paths[path][method];
        if (!operation) continue;
        const subject = `${method.toUpperCase()} ${path}`;
        if (document.paths[target][method]) {
          throw new SpecError(
            label,
            `paths.${path}`,
            `${subject} and ${method.toUpperCase()} ${target} are the same route`,
            "drop one of them in a correction",
          );
        }
        renamePathParameters(operation, names(path), names(target));
        document.paths[target][method] = operation;
        decisions.push({
          rule: "template-folded",
          subject,
          detail: `same route as ${target} (only parameter names differ): moved under ${target}, its path parameters renamed to match`,
        });
      }
      delete document.paths[path];
    }
  }
  for (const [path, item] of Object.entries<any>(document.paths ?? {})) {
    for (const method of METHODS) {
      const parameters: any[] | undefined = item?.[method]?.parameters;
      if (!parameters) continue;
      item[method].parameters = parameters.filter((parameter, index) => {
        const first = parameters.findIndex(
          (p) => p.name !== undefined && p.name === parameter.name && p.in === parameter.in,
        );
        if (
          first === index ||
          first < 0 ||
          !isDeepStrictEqual(factsOf(document, parameters[first]), factsOf(document, parameter))
        )
          return true;
        decisions.push({
          rule: "parameter-deduplicated",
          subject: `${method.toUpperCase()} ${path}`,
          detail: `${parameter.in} parameter \`${parameter.name}\` is listed twice with the same facts: kept once`,
        });
        return false;
      });
    }
  }
  return decisions;
}

const names = (path: string) => [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);

function renamePathParameters(operation: any, from: string[], to: string[]): void {
  for (const parameter of operation.parameters ?? []) {
    const index = parameter.in === "path" ? from.indexOf(parameter.name) : -1;
    if (index >= 0) parameter.name = to[index];
  }
}
