/** A problem in an input file, told as `file:line:col: what — fix`. Thrown by every pipeline step. */
export class SpecError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${file}${where ? `:${where}` : ""}: ${problem}\n  fix: ${fix}`);
    this.name = "SpecError";
  }
}
