import type { Measure } from "./measure.ts";
import { overheadMeasure } from "./overhead.ts";
import { sizeMeasure } from "./size.ts";
import { testMeasure } from "./suite-time.ts";
import { syncMeasure, syncTestsMeasure } from "./sync-time.ts";
import { typeCheckMeasure } from "./type-check-time.ts";
import { verifyMeasure } from "./verify-time.ts";

/** Every measure of `npm run bench`, in the order they run and the README lists them: the quick ones first. */
export const MEASURES: readonly Measure[] = [
  overheadMeasure,
  sizeMeasure,
  typeCheckMeasure,
  verifyMeasure,
  syncMeasure,
  syncTestsMeasure,
  testMeasure,
];
