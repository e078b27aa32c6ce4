/** Where the calendars live, relative to the project directory (its own module: the CLI's help names it without loading the calendar code). */
export const DEFAULT_CALENDARS_FILE = 'flows/calendars.yaml';
