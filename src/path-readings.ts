import { decodeLoosely, isBlank } from "./scope.ts";

/**
 * How servers may read a request path: one rule for the client's guard (guards.ts, before a call is sent)
 * and the live gate (scripts/live/judge.ts, before a request is forwarded), so that the client never sends
 * what its own gate would hold back as "acts on everything".
 */

/** One way a server may read the path of a request target. */
export interface PathReading {
  path: string;
  /** The reading cut the path at a decoded `?` or `#`: whatever query was sent may not be read. */
  dropsQuery: boolean;
}

type Step = (reading: PathReading) => PathReading;
const onPath =
  (change: (path: string) => string): Step =>
  (r) => ({ ...r, path: change(r.path) });
/** A change of each segment, for paths `applies` says it may change (a cheap test that spares the split). */
const perSegment = (applies: RegExp, change: (segment: string) => string) =>
  onPath((path) => (applies.test(path) ? path.split("/").map(change).join("/") : path));

/**
 * A segment with a letter or digit before any `;` and no `%` names something in every reading isBlank
 * weighs (as sent, cut at `;`, decoded): the test that spares most segments isBlank's own work.
 */
const NAMES_SOMETHING = /^[^;%]*[A-Za-z0-9]/;

/**
 * What servers are known to do to a path before routing it, each step optional, in the order a
 * server would apply them. A server that follows the spec routes the path as sent; the guard and the
 * gate also weigh every combination of these, because a real server (or a proxy in front of it) may
 * apply any of them, and one reading that lands on "everything" is one too many.
 */
const STEPS: Step[] = [
  // Percent-decoding, up to three rounds (double-encoded `%252e` is a dot after two).
  onPath(decodeLoosely),
  onPath(decodeLoosely),
  onPath(decodeLoosely),
  // WHATWG URL parsers (fetch included) drop tabs and newlines and read `\` as `/`.
  onPath((path) => path.replace(/[\t\n\r]/g, "")),
  onPath((path) => path.replace(/\\/g, "/")),
  // C string handling ends the target at a NUL; a server that decodes before it splits off the
  // query reads a decoded `?` or `#` as the end of the path. Either way the query sent may be lost.
  (r) => (/[\0?#]/.test(r.path) ? { path: r.path.split(/[\0?#]/)[0]!, dropsQuery: true } : r),
  // Unicode compatibility folding (full-width `／ｄｌｑ` is `/dlq`).
  onPath((path) => path.normalize("NFKC")),
  // Matrix parameters (`/dlq;v=1`) are stripped by servlet containers.
  perSegment(/;/, (segment) => segment.split(";")[0]!),
  // Windows-style servers trim trailing dots and white space from each segment.
  perSegment(/[.\p{White_Space}](?:\/|$)|(?:^|\/)\p{White_Space}/u, (segment) =>
    /^\.{1,2}$/.test(segment) ? segment : segment.replace(/^\p{White_Space}+|[\p{White_Space}.]+$/gu, ""),
  ),
  // A segment that names nothing (invisible characters, controls, white space: scope.ts's isBlank) is
  // trimmed away by a server that trims what it routes on.
  perSegment(/./, (segment) => (segment !== "" && !NAMES_SOMETHING.test(segment) && isBlank(segment) ? "" : segment)),
  // Empty segments (`//`, a trailing `/`) are collapsed, before or after dot segments are resolved.
  onPath(collapseEmptySegments),
  onPath(resolveDotSegments),
  onPath(collapseEmptySegments),
];

/**
 * A path no step changes: segments of letters, digits, `_`, `~` and `-` only (nothing to decode, fold,
 * trim, cut or collapse). Most calls' paths are such; they skip the combinations.
 */
const PLAIN = /^(?:\/[\w~-]+)+$/;

/** Every reading of a path (the path as sent first), each distinct one once. */
export function pathReadings(path: string): PathReading[] {
  if (PLAIN.test(path)) return [{ path, dropsQuery: false }];
  let readings = new Map<string, PathReading>([[key({ path, dropsQuery: false }), { path, dropsQuery: false }]]);
  for (const step of STEPS) {
    const next = new Map(readings);
    for (const reading of readings.values()) {
      const changed = step(reading);
      next.set(key(changed), changed);
    }
    readings = next;
  }
  return [...readings.values()];
}

function key(reading: PathReading): string {
  return `${reading.dropsQuery ? "1" : "0"}${reading.path}`;
}

function collapseEmptySegments(path: string): string {
  return `/${path
    .split("/")
    .filter((segment) => segment !== "")
    .join("/")}`;
}

/** RFC 3986 §5.2.4: `.` is dropped, `..` climbs one segment (never above the root). */
function resolveDotSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split("/").slice(1);
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === ".") {
      if (last) out.push("");
    } else if (segment === "..") {
      out.pop();
      if (last) out.push("");
    } else out.push(segment);
  });
  return `/${out.join("/")}`;
}
