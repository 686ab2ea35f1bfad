import { noteHeldBack } from "../../live/held-back.ts";

/** What came back from the mock, reduced to what a verdict needs. */
export interface Observation {
  status: number;
  /** Prism's request/response validation findings (the `sl-violations` header). */
  violations: Violation[];
  /** Prism's own problem detail for 404s and the like (application/problem+json). */
  problem?: string;
  text: string;
  json?: unknown;
}

export interface Violation {
  location: string[];
  code: string | number;
  message: string;
}

export async function observe(response: Response, text?: string): Promise<Observation> {
  noteHeldBack(response);
  const body = text ?? (await response.text());
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  const problem = response.headers.get("content-type")?.includes("problem+json")
    ? String((json as any)?.detail ?? (json as any)?.title ?? "")
    : undefined;
  return {
    status: response.status,
    violations: parseViolations(response.headers.get("sl-violations")),
    problem,
    text: body,
    json,
  };
}

function parseViolations(header: string | null): Violation[] {
  if (!header) return [];
  try {
    const list = JSON.parse(header);
    return Array.isArray(list)
      ? list.map((v) => ({ location: v.location ?? [], code: v.code, message: String(v.message) }))
      : [];
  } catch {
    return [{ location: [], code: "unparsed", message: header }];
  }
}

export function isSuccess(observation: Observation): boolean {
  return observation.status >= 200 && observation.status < 300;
}

/** One evidence line: `DELETE /v2/dlq → 400; 415: No supported content types…`. */
export function describeObservation(label: string, observation: Observation): string {
  const details = observation.violations.map(
    (v) => `${v.code}${v.location.length > 1 ? ` at ${v.location.slice(1).join(".")}` : ""}: ${v.message}`,
  );
  if (observation.problem) details.push(observation.problem);
  if (!observation.violations.length && !observation.problem && observation.status >= 400 && observation.text)
    details.push(observation.text.slice(0, 160));
  return `${label} → ${observation.status}${details.length ? `; ${details.join("; ")}` : ""}`;
}
