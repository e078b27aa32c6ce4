/**
 * The p-th percentile by the nearest-rank method: the smallest value such that at least p % of
 * the values are at or below it (p50 of 1, 2, 3, 4 is 2; p90 of ten values is the ninth). Always
 * one of the values, so a reader can check it against the tickets; undefined for no values.
 */
export function percentile(values: ArrayLike<number>, p: number): number | undefined {
  return percentileOfSorted(Float64Array.from(values).sort(), p);
}

/** `percentile` of values already sorted ascending: sort once, read several percentiles. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | undefined {
  if (!(p > 0 && p <= 100)) throw new RangeError(`a percentile is in (0, 100], not ${p}`);
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** `part / whole` as a percentage with one decimal, or null when there is nothing to divide. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((1000 * part) / whole) / 10;
}

/** A figure in minutes with one decimal, or null. */
export function minutes(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value * 10) / 10;
}
