import { z } from 'zod';
import { HOLIDAY_TYPES } from './public-holidays';
import { parseWorkingSpan } from './working-span';

/**
 * The calendar file language (`flows/calendars.yaml`). Shapes and formats are checked here;
 * what needs the whole file or the runtime (time zones, `extends`, overlapping spans) is
 * checked by `readCalendars`, which reports it at its position too.
 */

/** Calendar names, as flows refer to them: lower-kebab-case (`24x7` may start with a digit). */
export const calendarNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'calendar names are lower-kebab-case, e.g. office-hours');

/** A working span such as `08:00-17:00`, or `22:00-06:00` running past midnight. */
export const workingSpanTextSchema = z.string().superRefine((text, ctx) => {
  const parsed = parseWorkingSpan(text);
  if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
});

/** One span, or a list of them (`['08:00-12:00', '13:00-17:00']`). */
const daySpansSchema = z.union([workingSpanTextSchema, z.array(workingSpanTextSchema)]);

/** Working spans per weekday; a day that is not listed (or is `[]`) is closed. */
export const weeklyHoursSchema = z.strictObject({
  mon: daySpansSchema.optional(),
  tue: daySpansSchema.optional(),
  wed: daySpansSchema.optional(),
  thu: daySpansSchema.optional(),
  fri: daySpansSchema.optional(),
  sat: daySpansSchema.optional(),
  sun: daySpansSchema.optional(),
});

const ANNUAL_DATE = /^(\d{2})-(\d{2})$/;
const ONE_OFF_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A holiday: an annual `MM-DD` or one-off `YYYY-MM-DD` date, or a day relative to Easter Sunday. */
export const holidaySpecSchema = z
  .strictObject({
    name: z.string().min(1),
    date: z.string().optional(),
    easter: z.number().int().min(-100).max(200).optional(),
  })
  .superRefine((holiday, ctx) => {
    if ((holiday.date === undefined) === (holiday.easter === undefined)) {
      ctx.addIssue({ code: 'custom', message: "a holiday has exactly one of 'date' (MM-DD or YYYY-MM-DD) or 'easter' (days from Easter Sunday)" });
      return;
    }
    if (holiday.date !== undefined && !isValidHolidayDate(holiday.date)) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: `'${holiday.date}' is not a date; write MM-DD every year or YYYY-MM-DD once` });
    }
  });
/** A holiday as written. */
export type HolidaySpec = z.infer<typeof holidaySpecSchema>;

/** `{ country: DE, region: ST }`: the public holidays of a country or region, from the `date-holidays` data set. */
export const publicHolidaysSpecSchema = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/, 'country codes are two capital letters (ISO 3166-1), e.g. DE or PL'),
  region: z.string().regex(/^[A-Z0-9]{1,3}$/, 'region codes are short capitals, e.g. ST for Saxony-Anhalt').optional(),
  language: z.string().regex(/^[a-z]{2}$/, 'a two-letter language code, e.g. en or de').optional(),
  types: z.array(z.enum(HOLIDAY_TYPES)).min(1).optional(),
});

/** One entry of `holidays:`: a date of the company's own, or a country's (region's) public holidays. */
export const holidayEntrySchema = z.union([holidaySpecSchema, publicHolidaysSpecSchema]);
/** A `holidays:` entry as written. */
export type HolidayEntry = z.infer<typeof holidayEntrySchema>;

/** One calendar as written. */
export const calendarSpecSchema = z.strictObject({
  description: z.string().optional(),
  /** IANA time zone, e.g. Europe/Berlin. */
  timezone: z.string().min(1),
  hours: weeklyHoursSchema,
  /** Another calendar whose holidays this one has too (before its own). */
  extends: calendarNameSchema.optional(),
  holidays: z.array(holidayEntrySchema).optional(),
});
/** One calendar as written, before `extends` is resolved. */
export type CalendarSpec = z.infer<typeof calendarSpecSchema>;

/** The whole calendar file. */
export const calendarFileSchema = z.strictObject({
  $schema: z.string().optional(),
  calendars: z.record(calendarNameSchema, calendarSpecSchema),
});
/** The calendar file as written. */
export type CalendarFileSpec = z.infer<typeof calendarFileSchema>;

function isValidHolidayDate(text: string): boolean {
  const annual = ANNUAL_DATE.exec(text);
  if (annual) return isValidMonthDay(Number(annual[1]), Number(annual[2]), true);
  const once = ONE_OFF_DATE.exec(text);
  if (!once) return false;
  const year = Number(once[1]);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return isValidMonthDay(Number(once[2]), Number(once[3]), leap);
}

function isValidMonthDay(month: number, day: number, leap: boolean): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!);
}
