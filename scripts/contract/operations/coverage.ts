import type { OperationCase } from "./cases.ts";
import type { OperationResult } from "./run-case.ts";

export interface CoverageRow {
  operationId: string;
  method: string;
  path: string;
  positive: number;
  /** Declared constraints probed (each with its accept and/or reject cases); edge values count apart. */
  constraints: number;
  accept: number;
  reject: number;
  /** Edge-value cases, accepted or refused (empty, extreme, long, non-ASCII, near misses…). */
  edge: number;
  statuses: number;
  /** Cases that met a status the spec does not document for the operation. */
  undocumented: number;
  failed: number;
}

export interface Coverage {
  rows: CoverageRow[];
  totals: Omit<CoverageRow, "operationId" | "method" | "path"> & { operations: number; cases: number };
}

export function coverageOf(cases: OperationCase[], results: OperationResult[]): Coverage {
  const failed = new Set(results.filter((r) => !r.ok).map((r) => r.id));
  const undocumented = new Set(results.filter((r) => r.undocumentedStatus !== undefined).map((r) => r.id));
  const rows = new Map<string, CoverageRow>();
  const constraintNames = new Map<string, Set<string>>();
  for (const c of cases) {
    const row = rows.get(c.operationId) ?? emptyRow(c);
    rows.set(c.operationId, row);
    if (c.kind === "positive") row.positive++;
    else if (c.edge) row.edge++;
    else if (c.kind === "accept") row.accept++;
    else if (c.kind === "reject") row.reject++;
    else row.statuses++;
    if (c.constraint && !c.edge && (c.kind === "accept" || c.kind === "reject")) {
      const names = constraintNames.get(c.operationId) ?? new Set();
      names.add(c.constraint.replace(/ content type .*$/, " content type"));
      constraintNames.set(c.operationId, names);
      row.constraints = names.size;
    }
    if (undocumented.has(c.id)) row.undocumented++;
    if (failed.has(c.id)) row.failed++;
  }
  const list = [...rows.values()];
  const sum = (key: keyof Omit<CoverageRow, "operationId" | "method" | "path">) => list.reduce((n, r) => n + r[key], 0);
  return {
    rows: list,
    totals: {
      operations: list.length,
      cases: cases.length,
      positive: sum("positive"),
      constraints: sum("constraints"),
      accept: sum("accept"),
      reject: sum("reject"),
      edge: sum("edge"),
      statuses: sum("statuses"),
      undocumented: sum("undocumented"),
      failed: sum("failed"),
    },
  };
}

function emptyRow(c: OperationCase): CoverageRow {
  const counts = {
    positive: 0,
    constraints: 0,
    accept: 0,
    reject: 0,
    edge: 0,
    statuses: 0,
    undocumented: 0,
    failed: 0,
  };
  return { operationId: c.operationId, method: c.method.toUpperCase(), path: c.path, ...counts };
}

/** Each undocumented status met, per operation, with how many cases met it and the verdict they got. */
export function undocumentedFindings(
  results: OperationResult[],
): { operationId: string; status: number; cases: number; verdict: string; example: string }[] {
  const found = new Map<
    string,
    { operationId: string; status: number; cases: number; verdict: string; example: string }
  >();
  for (const r of results) {
    if (r.undocumentedStatus === undefined) continue;
    const key = `${r.group} ${r.undocumentedStatus} ${r.ok}`;
    const entry = found.get(key) ?? {
      operationId: r.group,
      status: r.undocumentedStatus,
      cases: 0,
      verdict: r.ok ? (r.verdict ?? "holds") : "failed",
      example: r.id,
    };
    entry.cases++;
    found.set(key, entry);
  }
  return [...found.values()];
}

export function coverageMarkdown(coverage: Coverage): string {
  const t = coverage.totals;
  const lines = [
    "| Operation | Method and path | Positive | Constraints | Boundary accepted | Negatives refused | Edge values | Error statuses " +
      "| Undocumented statuses | Failed |",
    "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ...coverage.rows.map(
      (r) =>
        `| ${r.operationId} | \`${r.method} ${r.path}\` | ${r.positive} | ${r.constraints} | ${r.accept} | ${r.reject} | ${r.edge} ` +
        `| ${r.statuses} | ${r.undocumented || ""} | ${r.failed || ""} |`,
    ),
    `| **Total (${t.operations} operations, ${t.cases} cases)** | | ${t.positive} | ${t.constraints} | ${t.accept} | ${t.reject} ` +
      `| ${t.edge} | ${t.statuses} | ${t.undocumented} | ${t.failed} |`,
  ];
  return lines.join("\n");
}

export function coverageSummary(coverage: Coverage, seed: number, numRuns: number, requests: number): string {
  const t = coverage.totals;
  const width = Math.max(...coverage.rows.map((r) => r.operationId.length), 9);
  const head = `${"operation".padEnd(width)}  pos  cons   acc   rej  edge   st  undoc  fail`;
  const line = (name: string, r: Omit<CoverageRow, "operationId" | "method" | "path">, dash: boolean) => {
    const counts = [
      pad(r.positive, 3),
      pad(r.constraints, 4),
      pad(r.accept, 4),
      pad(r.reject, 4),
      pad(r.edge, 4),
      pad(r.statuses, 3),
    ];
    const findings = [
      dash && !r.undocumented ? "    -" : pad(r.undocumented, 5),
      dash && !r.failed ? "   -" : pad(r.failed, 4),
    ];
    return [name.padEnd(width), ...counts, ...findings].join("  ");
  };
  return [
    head,
    ...coverage.rows.map((r) => line(r.operationId, r, true)),
    line("total", t, false),
    `${t.operations} operations, ${t.cases} cases, ${requests} requests; ` +
      `fast-check seed ${seed} (${numRuns} runs per positive; replay with FC_SEED=${seed})`,
  ].join("\n");
}

function pad(n: number, width: number): string {
  return String(n).padStart(width);
}
