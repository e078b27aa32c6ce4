/** Durations in milliseconds, and an instant as the engine writes it, for tests that work out times by hand. */
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const iso = (ms: number): string => new Date(ms).toISOString();
