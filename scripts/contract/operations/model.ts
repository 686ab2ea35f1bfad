import { resolvePointer } from "../../spec/pointer.ts";
import { pointerPart } from "./schema-validator.ts";

/** What the suite needs to know about one operation, read from the corrected description. */
export interface OperationModel {
  operationId: string;
  method: string;
  path: string;
  params: ParamModel[];
  body: BodyModel | null;
  responses: ResponseModel[];
  /** Path parameter that carries a full URL (x-qstash-destination), if any. */
  destinationParam: string | null;
}

export interface ParamModel {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: Schema;
}

export interface BodyModel {
  required: boolean;
  media: { type: string; schema: Schema; pointer: string }[];
}

export interface ResponseModel {
  status: number;
  /** JSON pointer of the application/json schema, when the response has one. */
  schemaPointer: string | null;
}

export type Schema = Record<string, any>;

const METHODS = ["get", "put", "post", "delete", "patch"] as const;

export function readOperations(description: Record<string, any>): OperationModel[] {
  const ops: OperationModel[] = [];
  for (const [path, item] of Object.entries<any>(description.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const base = `/paths/${pointerPart(path)}/${method}`;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: any) => {
        const param = deref(description, p, "").node;
        return {
          name: param.name,
          in: param.in,
          required: param.required === true,
          schema: resolveSchema(description, param.schema ?? {}),
        } as ParamModel;
      });
      ops.push({
        operationId: op.operationId,
        method,
        path,
        params,
        body: op.requestBody ? readBody(description, op.requestBody, `${base}/requestBody`) : null,
        responses: Object.entries<any>(op.responses ?? {}).map(([status, raw]) => {
          const { node, pointer } = deref(description, raw, `${base}/responses/${status}`);
          const json = node.content?.["application/json"];
          return {
            status: Number(status),
            schemaPointer: json?.schema ? `${pointer}/content/application~1json/schema` : null,
          };
        }),
        destinationParam: op["x-qstash-destination"] ?? null,
      });
    }
  }
  return ops;
}

function readBody(description: Record<string, any>, raw: any, at: string): BodyModel {
  const { node, pointer } = deref(description, raw, at);
  return {
    required: node.required === true,
    media: Object.entries<any>((node.content ?? {}) as Record<string, any>).map(([type, media]) => ({
      type,
      schema: resolveSchema(description, media.schema ?? {}),
      pointer: `${pointer}/content/${pointerPart(type)}/schema`,
    })),
  };
}

/** Follows `$ref`s, keeping the JSON pointer of where the target lives. */
export function deref(description: Record<string, any>, node: any, pointer: string): { node: any; pointer: string } {
  let current = node;
  let at = pointer;
  while (current && typeof current.$ref === "string") {
    at = current.$ref.slice(1);
    current = resolvePointer(description, at);
  }
  return { node: current, pointer: at };
}

/** A schema with every `$ref` inlined (the description has no recursive schemas). */
export function resolveSchema(description: Record<string, any>, schema: any): Schema {
  const { node } = deref(description, schema, "");
  if (Array.isArray(node)) return node.map((s) => resolveSchema(description, s)) as any;
  if (!node || typeof node !== "object") return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries<any>(node)) {
    if (key === "properties")
      out[key] = Object.fromEntries(Object.entries<any>(value).map(([k, v]) => [k, resolveSchema(description, v)]));
    else if (["items", "additionalProperties", "not"].includes(key) && typeof value === "object")
      out[key] = resolveSchema(description, value);
    else if (["oneOf", "anyOf", "allOf", "prefixItems"].includes(key))
      out[key] = (value as any[]).map((s) => resolveSchema(description, s));
    else out[key] = value;
  }
  return out;
}

/** The lowest documented 2xx: what Prism answers a valid request with. */
export function successStatus(op: OperationModel): number | null {
  const ok = op.responses
    .map((r) => r.status)
    .filter((s) => s >= 200 && s < 300)
    .sort((a, b) => a - b);
  return ok[0] ?? null;
}
