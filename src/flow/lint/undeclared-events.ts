import type { SourceProblem } from '../../source/problem';
import { didYouMean } from '../../source/suggest';
import type { LintRule } from './lint-rule';
import { problemAt } from './lint-rule';

/**
 * Events in `on` must be declared under `events:` (that is where their payload is typed), and a
 * declared event no state handles is probably a typo on one side or the other.
 */
export const undeclaredEvents: LintRule = {
  name: 'undeclared-event',
  description: 'Events handled in `on` are declared under `events`; declared events are handled somewhere.',
  check(context) {
    const declared = Object.keys(context.spec.events);
    const handled = new Set<string>();
    const problems: SourceProblem[] = [];
    for (const [name, state] of Object.entries(context.spec.states)) {
      for (const event of Object.keys(state.on ?? {})) {
        handled.add(event);
        if (Object.hasOwn(context.spec.events, event)) continue;
        problems.push(
          problemAt(context, this.name, {
            path: ['states', name, 'on', event],
            at: 'key',
            message: `event '${event}' is not declared`,
            hint: didYouMean(event, declared) ?? `declare it under events:`,
          }),
        );
      }
    }
    for (const event of declared.filter((name) => !handled.has(name))) {
      problems.push(
        problemAt(context, this.name, {
          path: ['events', event],
          at: 'key',
          message: `event '${event}' is declared but no state handles it`,
          hint: 'handle it in some state’s on:, or remove it',
          severity: 'warning',
        }),
      );
    }
    return problems;
  },
};
