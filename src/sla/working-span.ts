import type { WorkingSpan } from './business-calendar';

const SPAN = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/**
 * Parses `08:00-17:00` into minutes; an end at or before the start (`22:00-06:00`) is on the
 * next day. `24:00` may end a span; `00:00-24:00` is the whole day. Returns a message when the
 * text is not a span.
 */
export function parseWorkingSpan(text: string): WorkingSpan | { error: string } {
  const match = SPAN.exec(text.trim());
  if (!match) return { error: `'${text}' is not a span; write e.g. '08:00-17:00' or '22:00-06:00'` };
  const [startHour, startMin, endHour, endMin] = match.slice(1).map(Number) as [number, number, number, number];
  if (startHour > 23 || startMin > 59 || endHour > 24 || endMin > 59 || (endHour === 24 && endMin !== 0)) {
    return { error: `'${text}' has a time that does not exist; hours go from 00:00 to 23:59 (24:00 may end a span)` };
  }
  const startMinute = startHour * 60 + startMin;
  const end = endHour * 60 + endMin;
  if (end === startMinute) {
    return { error: `'${text}' is empty; a whole day is '00:00-24:00'` };
  }
  // Ending at or before the start means the span runs past midnight.
  return { startMinute, endMinute: end > startMinute ? end : end + 1440 };
}

/** `HH:MM-HH:MM` of a span, for messages and the CLI. */
export function formatWorkingSpan(span: WorkingSpan): string {
  const clock = (minute: number): string =>
    `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  const end = span.endMinute > 1440 ? span.endMinute - 1440 : span.endMinute;
  return `${clock(span.startMinute)}-${clock(end)}`;
}
