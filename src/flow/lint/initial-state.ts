import { didYouMean } from '../../source/suggest';
import type { LintRule } from './lint-rule';
import { problemAt } from './lint-rule';

/** A flow has states, and the one a ticket starts in exists. */
export const initialState: LintRule = {
  name: 'initial-state',
  description: 'The flow has states, and `initial` names one of them.',
  check(context) {
    const states = Object.keys(context.spec.states);
    if (states.length === 0) {
      return [problemAt(context, this.name, { path: ['states'], message: 'the flow has no states', hint: 'a flow needs at least a working state and a final state' })];
    }
    const initial = context.spec.initial;
    if (initial === undefined || Object.hasOwn(context.spec.states, initial)) return [];
    return [
      problemAt(context, this.name, {
        path: ['initial'],
        message: `unknown initial state '${initial}'`,
        hint: didYouMean(initial, states) ?? `states of this flow: ${states.join(', ')}`,
      }),
    ];
  },
};
