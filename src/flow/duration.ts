const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;

/** Milliseconds of a duration such as `30m`, `4h`, `1h30m`, `2d`; throws on anything else. */
export function parseDurationMs(text: string): number {
  const match = /^(?=\d)(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!match) throw new Error(`'${text}' is not a duration; write e.g. '30m', '4h', '1h30m' or '2d'`);
  const [, d, h, m, s] = match;
  return Number(d ?? 0) * UNIT_MS.d + Number(h ?? 0) * UNIT_MS.h + Number(m ?? 0) * UNIT_MS.m + Number(s ?? 0) * UNIT_MS.s;
}

/** Whole minutes of a duration, the unit SLA targets are counted in. */
export function parseDurationMinutes(text: string): number {
  return parseDurationMs(text) / UNIT_MS.m;
}

/**
 * Formats milliseconds back into the flow notation (`1h30m`), for messages and diagrams,
 * rounded to the nearest second: less than half a second is `0s` (still a duration, never '').
 */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0m';
  let rest = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, seconds] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    const count = Math.floor(rest / seconds);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * seconds;
  }
  return parts.length ? parts.join('') : '0s';
}
