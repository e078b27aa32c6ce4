import type { SourceProblem } from '../../source/problem';
import type { StateSpec } from '../schema';
import type { LintRule } from './lint-rule';
import { problemAt } from './lint-rule';

/** What a state of each kind must not have, and why, in the words of a message. */
const FORBIDDEN: Array<{ kind: 'final' | 'waiting'; key: keyof StateSpec; message: string; hint: string }> = [
  { kind: 'final', key: 'waiting', message: 'a state is either waiting or final, not both', hint: 'remove waiting: or final:' },
  { kind: 'final', key: 'on', message: 'a final state has no transitions: the ticket is done', hint: 'remove on:, or remove final: true' },
  { kind: 'final', key: 'after', message: 'a final state has no timeouts: the ticket is done', hint: 'remove after:, or remove final: true' },
  { kind: 'final', key: 'tier', message: 'a final state has no tier: nobody works on a done ticket', hint: 'remove tier:' },
  { kind: 'final', key: 'sla', message: 'a final state has no due date: its clocks have stopped', hint: 'remove sla:' },
  {
    kind: 'waiting',
    key: 'tier',
    message: 'a waiting state has no tier: the ticket waits outside support',
    hint: 'remove tier:; the tier is the one of the state the ticket came from',
  },
  {
    kind: 'waiting',
    key: 'sla',
    message: 'a waiting state has no due date: its SLA clocks are paused',
    hint: "use after: (e.g. '3d': closed) for reminders and timeouts",
  },
];

/** Final states are ends, waiting states are pauses, and every other state is worked at a tier. */
export const stateKinds: LintRule = {
  name: 'state-kind',
  description: 'Final states have no transitions, tier or due date; waiting states have no tier or due date; working states have a tier.',
  check(context) {
    const problems: SourceProblem[] = [];
    for (const [name, state] of Object.entries(context.spec.states)) {
      const kind = state.final ? 'final' : state.waiting ? 'waiting' : 'working';
      if (kind === 'working' && state.tier === undefined) {
        problems.push(
          problemAt(context, this.name, {
            path: ['states', name],
            at: 'key',
            message: `working state '${name}' has no tier`,
            hint: 'add tier: L1, L2 or L3, or mark it waiting: true or final: true',
          }),
        );
      }
      for (const rule of FORBIDDEN) {
        const present = rule.key === 'waiting' ? state.waiting === true : state[rule.key] !== undefined;
        if (rule.kind === kind && present) {
          problems.push(problemAt(context, this.name, { path: ['states', name, rule.key], at: 'key', message: rule.message, hint: rule.hint }));
        }
      }
    }
    return problems;
  },
};
