import type { SourceProblem } from '../../source/problem';
import { didYouMean } from '../../source/suggest';
import type { LintRule } from './lint-rule';
import { problemAt } from './lint-rule';

/**
 * `on_customer_reply` names an event the state accepts: a customer's reply sends it, and an
 * event the state refuses would turn every reply into a refusal. A final state takes no reply
 * event (a reply to a closed ticket opens a new one).
 */
export const customerReply: LintRule = {
  name: 'customer-reply',
  description: '`on_customer_reply` names an event the state handles in `on:`; final states have none.',
  check(context) {
    const problems: SourceProblem[] = [];
    for (const [name, state] of Object.entries(context.spec.states)) {
      const event = state.on_customer_reply;
      if (event === undefined) continue;
      const path = ['states', name, 'on_customer_reply'];
      const handled = Object.keys(state.on ?? {});
      if (state.final) {
        problems.push(problemAt(context, this.name, { path, at: 'key', message: `final state '${name}' cannot take a customer reply event`, hint: 'remove on_customer_reply here' }));
      } else if (!handled.includes(event)) {
        problems.push(
          problemAt(context, this.name, {
            path,
            message: `state '${name}' does not accept '${event}', the event its customer replies send`,
            hint: didYouMean(event, handled) ?? `add '${event}' to the state's on:, or name one it handles (${handled.join(', ') || 'none'})`,
          }),
        );
      }
    }
    return problems;
  },
};
