import type { CaseResult } from "../suite.ts";
import type { OperationCase } from "./cases.ts";

export interface CoverageRow {
  operationId: string;
  method: string;
  path: string;
  positive: number;
  /** Documented constraints probed (each with its accept and/or reject cases). */
  constraints: number;
  accept: number;
  reject: number;
  statuses: number;
  failed: number;
}

export interface Coverage {
  rows: CoverageRow[];
  totals: Omit<CoverageRow, "operationId" | "method" | "path"> & { operations: number; cases: number };
}

export function coverageOf(cases: OperationCase[], results: CaseResult[]): Coverage {
  const failed = new Set(results.filter((r) => !r.ok).map((r) => r.id));
  const rows = new Map<string, CoverageRow>();
  const constraintNames = new Map<string, Set<string>>();
  for (const c of cases) {
    const row = rows.get(c.operationId) ?? { operationId: c.operationId, method: c.method.toUpperCase(), path: c.path, positive: 0, constraints: 0, accept: 0, reject: 0, statuses: 0, failed: 0 };
    rows.set(c.operationId, row);
    if (c.kind === "positive") row.positive++;
    else if (c.kind === "accept") row.accept++;
    else if (c.kind === "reject") row.reject++;
    else row.statuses++;
    if (c.constraint && (c.kind === "accept" || c.kind === "reject")) {
      const names = constraintNames.get(c.operationId) ?? new Set();
      names.add(c.constraint.replace(/ content type .*$/, " content type"));
      constraintNames.set(c.operationId, names);
      row.constraints = names.size;
    }
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
      statuses: sum("statuses"),
      failed: sum("failed"),
    },
  };
}

export function coverageMarkdown(coverage: Coverage): string {
  const t = coverage.totals;
  const lines = [
    "| Operation | Method and path | Positive | Constraints | Boundary accepted | Negatives refused | Error statuses | Failed |",
    "|---|---|--:|--:|--:|--:|--:|--:|",
    ...coverage.rows.map((r) => `| ${r.operationId} | \`${r.method} ${r.path}\` | ${r.positive} | ${r.constraints} | ${r.accept} | ${r.reject} | ${r.statuses} | ${r.failed || ""} |`),
    `| **Total (${t.operations} operations, ${t.cases} cases)** | | ${t.positive} | ${t.constraints} | ${t.accept} | ${t.reject} | ${t.statuses} | ${t.failed} |`,
  ];
  return lines.join("\n");
}

export function coverageSummary(coverage: Coverage, seed: number, numRuns: number): string {
  const t = coverage.totals;
  const width = Math.max(...coverage.rows.map((r) => r.operationId.length), 9);
  const head = `${"operation".padEnd(width)}  pos  cons  acc  rej  st  fail`;
  const rows = coverage.rows.map(
    (r) => `${r.operationId.padEnd(width)}  ${pad(r.positive, 3)}  ${pad(r.constraints, 4)}  ${pad(r.accept, 3)}  ${pad(r.reject, 3)}  ${pad(r.statuses, 2)}  ${r.failed ? pad(r.failed, 4) : "   -"}`,
  );
  const total = `${"total".padEnd(width)}  ${pad(t.positive, 3)}  ${pad(t.constraints, 4)}  ${pad(t.accept, 3)}  ${pad(t.reject, 3)}  ${pad(t.statuses, 2)}  ${pad(t.failed, 4)}`;
  return [head, ...rows, total, `${t.operations} operations, ${t.cases} cases; fast-check seed ${seed} (${numRuns} runs per positive; replay with FC_SEED=${seed})`].join("\n");
}

function pad(n: number, width: number): string {
  return String(n).padStart(width);
}
