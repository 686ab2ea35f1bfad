import { performance } from "node:perf_hooks";

/**
 * What a step reports while it runs. On a terminal it shows on one live line that is redrawn in
 * place; elsewhere (a CI log, a pipe, a test) only `line()` prints, so that a log keeps one line per step.
 */
export interface Progress {
  /** Work of a known size: `done` of `total` (cases, runs, rounds). */
  count(done: number, total: number, unit: string): void;
  /** Work of an unknown size: what it is doing now. */
  note(text: string): void;
  /** A line that stays, such as a finished run: printed on any stream, above the live line. */
  line(text: string): void;
}

/** A live line appears only after this long, so that a quick step leaves no flicker behind. */
const LIVE_AFTER_MS = 1000;
/** How often the live line is redrawn while nothing reports: often enough for its seconds to tick. */
const REDRAW_MS = 1000;

export interface LiveOptions {
  /** Show the live line: by default, when `out` is a terminal that can redraw a line. */
  live?: boolean;
  liveAfterMs?: number;
  redrawMs?: number;
}

/**
 * Prints `✔ [3/7] name (12ms)` per step, or `✖ …` and rethrows. Writes to stderr so stdout stays data.
 * A step is given a Progress: on a terminal, a step still running after a second shows
 * `  … [3/7] name: 812 of 2159 cases (6 s)` on a live line until it ends.
 */
export function progress(total: number, out: NodeJS.WritableStream = process.stderr, options: LiveOptions = {}) {
  let index = 0;
  return async function step<T>(name: string, work: (progress: Progress) => Promise<T> | T): Promise<T> {
    index += 1;
    const label = `[${index}/${total}] ${name}`;
    const started = performance.now();
    const done = (mark: string) => `${mark} ${label} (${Math.round(performance.now() - started)}ms)`;
    const status = trackStatus(label, out, options);
    try {
      const result = await work(status.progress);
      status.end(done("✔"));
      return result;
    } catch (error) {
      status.end(done("✖"));
      throw error;
    }
  };
}

/** Whether `out` is a terminal on which a line can be redrawn in place. */
export function isLiveStream(out: NodeJS.WritableStream): boolean {
  return (out as { isTTY?: boolean }).isTTY === true && process.env.TERM !== "dumb";
}

/**
 * A status for `label` on `out`'s live line, from now until `end()`: `render` says what is done so
 * far (by default what the Progress was told). Nested statuses (a heartbeat inside a step) take the
 * line over until they end. On a stream that is not live, nothing but `line()` and `end()` prints.
 */
export function trackStatus(
  label: string,
  out: NodeJS.WritableStream,
  options: LiveOptions & { render?: () => string } = {},
): { progress: Progress; end(finalLine?: string): void } {
  const live = options.live ?? isLiveStream(out);
  const started = performance.now();
  let said = "";
  const render =
    options.render ??
    (() => `  … ${label}${said ? `: ${said}` : ""} (${Math.round((performance.now() - started) / 1000)} s)`);
  const line = live ? liveLineOf(out, options) : undefined;
  const entry = { render, since: started + (options.liveAfterMs ?? LIVE_AFTER_MS) };
  line?.push(entry);
  const progress: Progress = {
    count(done, total, unit) {
      said = `${done} of ${total} ${unit}`;
      line?.changed();
    },
    note(text) {
      said = text;
      line?.changed();
    },
    line(text) {
      if (line) line.print(text);
      else out.write(`${text}\n`);
    },
  };
  return {
    progress,
    end(finalLine) {
      line?.remove(entry);
      if (finalLine !== undefined) progress.line(finalLine);
    },
  };
}

interface Entry {
  render: () => string;
  /** performance.now() from which the entry may show. */
  since: number;
}

/** Redraws are at most this often, however fast counts move: a terminal is not a log. */
const MIN_REDRAW_GAP_MS = 100;
const CLEAR = "\r\x1b[2K";

/** The one live line of a stream: shows the newest entry that is due, redrawn in place; gone when none is. */
class LiveLine {
  private readonly entries: Entry[] = [];
  private shown = false;
  private lastDraw = 0;
  private timer: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly redrawMs: number,
  ) {}

  push(entry: Entry): void {
    this.entries.push(entry);
    this.timer ??= setInterval(() => this.draw(), this.redrawMs).unref();
    setTimeout(() => this.draw(), Math.max(0, entry.since - performance.now())).unref();
  }

  remove(entry: Entry): void {
    const index = this.entries.indexOf(entry);
    if (index >= 0) this.entries.splice(index, 1);
    if (this.entries.length) return this.draw();
    clearInterval(this.timer);
    clearTimeout(this.pending);
    this.timer = this.pending = undefined;
    this.erase();
  }

  /** What an entry reports moved: redraw soon, not on every count. */
  changed(): void {
    if (this.pending) return;
    const wait = Math.max(0, this.lastDraw + MIN_REDRAW_GAP_MS - performance.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.draw();
    }, wait).unref();
  }

  print(text: string): void {
    this.erase();
    this.out.write(`${text}\n`);
    this.draw();
  }

  private draw(): void {
    const now = performance.now();
    const due = this.entries.findLast((entry) => entry.since <= now);
    if (!due) return this.erase();
    const columns = (this.out as { columns?: number }).columns || 80; // 0 when the terminal will not say
    this.out.write(`${CLEAR}${due.render().slice(0, Math.max(20, columns - 1))}`);
    this.shown = true;
    this.lastDraw = now;
    linesShown.add(this);
  }

  private erase(): void {
    if (this.shown) this.out.write(CLEAR);
    this.shown = false;
    linesShown.delete(this);
  }

  /** A run that exits mid-step keeps what its live line said, on a line of its own. */
  keep(): void {
    if (this.shown) this.out.write("\n");
  }
}

const liveLines = new WeakMap<NodeJS.WritableStream, LiveLine>();
const linesShown = new Set<LiveLine>();
process.once("exit", () => linesShown.forEach((line) => line.keep()));

function liveLineOf(out: NodeJS.WritableStream, options: LiveOptions): LiveLine {
  let line = liveLines.get(out);
  if (!line) liveLines.set(out, (line = new LiveLine(out, options.redrawMs ?? REDRAW_MS)));
  return line;
}
