/** The facts a capture records about one request an SDK method builds, read from its source. */

export interface CapturedName {
  /** A parameter, header or field name; a header family ends with `*` (`Upstash-Forward-*`). */
  name: string;
  /** Line in the SDK source where the name is set. */
  line: number;
  /** The file of that line, when a helper in another file sets the name (else the capture's own file). */
  file?: string;
}

export interface CapturedRequest {
  method: string | null;
  /** Path template with the SDK's own placeholder names: `/v2/dlq/{dlq_id}`. */
  path: string | null;
  query: CapturedName[];
  headers: CapturedName[];
  body: { kind: "none" } | { kind: "raw" } | { kind: "json"; fields: CapturedName[]; entryHeaders?: CapturedName[] };
  /** Set when the request goes to another host than the client's base URL. */
  baseUrl?: string;
}

export interface SdkCapture {
  /** The SDK's class and method (`DlqApi`, `list`) and how a caller reaches it (`dlq.list`). */
  class: string;
  method: string;
  call: string;
  file: string;
  /** Line of the request call (or of the call to the sibling method it hands over to). */
  line: number;
  /** The sibling method whose request this method sends (`publish_json` → `publish`). */
  delegatesTo?: string;
  request: CapturedRequest;
}

/** A committed capture file: the facts plus where they came from. */
export interface CaptureFile {
  sdk: string;
  repository: string;
  commit: string;
  committedAt: string;
  extractor: string;
  captures: SdkCapture[];
  unresolved: { file: string; line: number; what: string; class?: string; method?: string }[];
  notes?: Record<string, unknown>;
}
