export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What a value is, saying what actually ran: "median of 3 runs", but "1 run" when there was one. */
export function medianOf(count: number, noun: string, plural = `${noun}s`): string {
  return count === 1 ? `1 ${noun}` : `median of ${grouped(count)} ${plural}`;
}

/** A number as the README writes it: thousands grouped, `digits` decimals. */
export function grouped(value: number, digits = 0): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
