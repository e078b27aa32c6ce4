import { DateTime } from 'luxon';

// Weekday and zone are spelled out because customers read these across time zones and weekends.
const FORMAT: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

/** Formats an ISO instant for a reader of `language` in `timeZone`; unparseable input is returned unchanged. */
export function formatDateTime(iso: string, language: string, timeZone: string): string {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) return iso;
  return dt.setZone(timeZone).setLocale(language).toLocaleString(FORMAT);
}
