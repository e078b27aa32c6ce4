import { didYouMean } from '../../source/suggest';
import type { LintRule } from './lint-rule';
import { problemAt } from './lint-rule';

/** A flow's `calendar:` names a calendar of `flows/calendars.yaml`, when the loader was told which exist. */
export const knownCalendar: LintRule = {
  name: 'calendar',
  description: 'The calendar named by the flow exists (checked when the known calendars are given).',
  check(context) {
    const calendar = context.spec.calendar;
    if (calendar === undefined || context.calendars === undefined || context.calendars.has(calendar)) return [];
    const known = [...context.calendars].sort();
    return [
      problemAt(context, this.name, {
        path: ['calendar'],
        message: `unknown calendar '${calendar}'`,
        hint: didYouMean(calendar, known) ?? (known.length ? `known calendars: ${known.join(', ')}` : 'define it in flows/calendars.yaml'),
      }),
    ];
  },
};
