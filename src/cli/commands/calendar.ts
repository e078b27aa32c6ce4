import { Command } from 'commander';
import type { CalendarCommandOptions } from '../run-calendar';
import { DEFAULT_CALENDARS_FILE } from '../../sla/calendar-file';

/** `sopflow calendar <name> [--from <instant> --add <duration> | --between <a> <b>] [--file <path>]`. */
export const calendarCommand = new Command('calendar')
  .description('business-time arithmetic on a calendar: deadlines and business minutes')
  .argument('<name>', 'calendar name, e.g. office-hours')
  .option('--from <instant>', "ISO 8601 instant; without an offset it is read in the calendar's time zone (default: now)")
  .option('--add <duration>', 'business time to add, e.g. 4h, 1h30m')
  .option('--between <instants...>', 'two ISO 8601 instants: print the business minutes between them')
  .option('--file <path>', 'calendar file', DEFAULT_CALENDARS_FILE)
  .action((name: string, options: CalendarCommandOptions) => {
    const { runCalendarCommand } = require('../run-calendar') as typeof import('../run-calendar');
    console.log(runCalendarCommand(name, options));
  });
