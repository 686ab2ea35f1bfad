/**
 * QStash reads whole header families by prefix (`Upstash-Forward-*`, `Upstash-Callback-*`,
 * `Upstash-Failure-Callback-*`, …); the spec names them with a trailing `*`. Each such
 * parameter takes a map, `{ "Upstash-Forward-*": { "X-Trace": "1" } }`, which becomes
 * `Upstash-Forward-X-Trace: 1`. A literal `*` header is never sent.
 */
export function expandHeaderFamilies(header: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in header) {
    if (!key.endsWith("*")) continue;
    out ??= { ...header };
    const family = out[key];
    delete out[key];
    if (family === undefined || family === null) continue;
    if (typeof family !== "object") throw new TypeError(`Header "${key}" names a family of headers; pass a map of names to values, not a single value`);
    const prefix = key.slice(0, -1);
    for (const [name, value] of Object.entries(family)) {
      if (!name || name.includes("*")) throw new TypeError(`Header "${key}": "${name}" is not a header name`);
      out[prefix + name] = value;
    }
  }
  return out ?? header;
}
