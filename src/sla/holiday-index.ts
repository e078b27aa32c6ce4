import type { HolidayRules } from './business-calendar';
import { civilDate, dayNumber } from './day-number';
import { easterSunday } from './easter';

/** Answers "is this local date a holiday, and which" from a calendar's rules, by day number. */
export class HolidayIndex {
  private readonly fixed = new Map<number, string>();
  private readonly dates = new Map<number, string>();
  private readonly easterByYear = new Map<number, Map<number, string>>();

  constructor(private readonly rules: HolidayRules) {
    // First rule wins, so an inherited holiday keeps its name when a calendar repeats the date.
    for (const { month, day, name } of rules.fixed) {
      if (!this.fixed.has(month * 100 + day)) this.fixed.set(month * 100 + day, name);
    }
    for (const { date, name } of rules.dates) {
      const [year, month, day] = date.split('-').map(Number) as [number, number, number];
      const key = dayNumber(year, month, day);
      if (!this.dates.has(key)) this.dates.set(key, name);
    }
  }

  /** Name of the holiday on a local date (day number), or undefined on an ordinary day. */
  nameOn(dayNum: number): string | undefined {
    const { year, month, day } = civilDate(dayNum);
    return this.fixed.get(month * 100 + day) ?? this.dates.get(dayNum) ?? this.easterHolidays(year).get(dayNum);
  }

  private easterHolidays(year: number): Map<number, string> {
    let holidays = this.easterByYear.get(year);
    if (!holidays) {
      holidays = new Map();
      const easter = easterSunday(year);
      const sunday = dayNumber(year, easter.month, easter.day);
      for (const { offset, name } of this.rules.easterOffsets) {
        if (!holidays.has(sunday + offset)) holidays.set(sunday + offset, name);
      }
      this.easterByYear.set(year, holidays);
    }
    return holidays;
  }
}
