import type { Mistake } from "./shell.ts";
import type { Origin } from "./mdx.ts";

/** One HTTP request a page shows, in any language, reduced to what goes on the wire. */
export interface HttpExample {
  language: "curl" | "node" | "python" | "go";
  at: Origin;
  method: string;
  /** The URL as the page writes it (quotes removed); undefined when it is not a literal. */
  url?: string;
  headers: Record<string, string>;
  /** The bytes the tool or library sends as the body. */
  body?: string;
  /** The value the page builds the body from, when it is data: tells whether the call names ids or filters. */
  bodyData?: unknown;
  /** How the library turns the page's value into bytes, when that is not what the page seems to send. */
  wireNote?: string;
  /** Shell mistakes (curl only). */
  mistakes: Mistake[];
  /** For a command with a shell mistake: what bash runs instead; "nothing" when the command fails before curl. */
  actual?: { method: string; url: string; headers: Record<string, string>; body?: string } | "nothing";
  /** Why the request cannot be replayed (a body read from a file, …). */
  problem?: string;
}

/** A header map with the case-insensitive lookups the request libraries apply. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}
