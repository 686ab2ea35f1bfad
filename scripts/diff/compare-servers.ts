import { isDeepStrictEqual } from "node:util";
import { makeChange, type Change } from "./change.ts";
import type { OpenApiDocument } from "./load-description.ts";

const trimUrl = (url: string) => url.replace(/\/+$/, "");

/** Base URLs and their variables (e.g. region): what the client's `region`/`baseUrl` options lean on. */
export function compareServers(oldDoc: OpenApiDocument, newDoc: OpenApiDocument, out: Change[]): void {
  const before = new Map<string, any>((oldDoc.servers ?? []).map((server: any) => [trimUrl(server.url), server]));
  const after = new Map<string, any>((newDoc.servers ?? []).map((server: any) => [trimUrl(server.url), server]));
  for (const [url, server] of before) {
    const next = after.get(url);
    if (!next) {
      out.push(makeChange("server-removed", "operation", "*", "servers", `${url} removed`));
      continue;
    }
    for (const [name, variable] of Object.entries<any>(server.variables ?? {})) {
      const counterpart = next.variables?.[name] ?? {};
      const oldValues: unknown[] = variable.enum ?? [];
      const newValues: unknown[] = counterpart.enum ?? [];
      const removed = oldValues.filter((value) => !newValues.includes(value));
      const added = newValues.filter((value) => !oldValues.includes(value));
      if (removed.length > 0 && newValues.length > 0)
        out.push(
          makeChange(
            "server-variable-value-removed",
            "operation",
            "*",
            `server ${url} variable \`${name}\``,
            `removed ${removed.join(", ")}`,
          ),
        );
      if (added.length > 0)
        out.push(
          makeChange(
            "server-variable-value-added",
            "operation",
            "*",
            `server ${url} variable \`${name}\``,
            `added ${added.join(", ")}`,
          ),
        );
      if (variable.default !== counterpart.default)
        out.push(
          makeChange(
            "server-variable-default-changed",
            "operation",
            "*",
            `server ${url} variable \`${name}\``,
            `default ${variable.default} → ${counterpart.default}`,
          ),
        );
    }
  }
  for (const url of after.keys()) {
    if (!before.has(url)) out.push(makeChange("server-added", "operation", "*", "servers", `${url} added`));
  }
}

/** A security scheme of the same name that now expects the credential elsewhere or in another form. */
export function compareSecuritySchemes(oldDoc: OpenApiDocument, newDoc: OpenApiDocument, out: Change[]): void {
  const facts = (scheme: any) => ({
    type: scheme?.type,
    in: scheme?.in,
    name: scheme?.name,
    scheme: scheme?.scheme?.toLowerCase(),
  });
  const before: Record<string, any> = oldDoc.components?.securitySchemes ?? {};
  const after: Record<string, any> = newDoc.components?.securitySchemes ?? {};
  for (const [name, scheme] of Object.entries(before)) {
    if (!(name in after)) continue; // operations that used it report the alternative as removed
    const a = facts(scheme);
    const b = facts(after[name]);
    if (!isDeepStrictEqual(a, b)) {
      const say = (f: typeof a) => [f.type, f.scheme, f.in && `in ${f.in}`, f.name].filter(Boolean).join(" ");
      out.push(
        makeChange("security-scheme-changed", "operation", "*", `security scheme \`${name}\``, `${say(a)} → ${say(b)}`),
      );
    }
  }
}
