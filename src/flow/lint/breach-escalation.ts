import { escalationTarget } from '../definition';
import { nextTier } from '../tier';
import type { LintRule } from './lint-rule';
import { problemAt } from './lint-rule';

/**
 * `on_breach: escalate` (the default) takes the state's unguarded transition into the next
 * tier; at L1 and L2 that transition must exist, or a breach would do nothing.
 */
export const breachEscalation: LintRule = {
  name: 'breach-escalation',
  description: '`on_breach: escalate` in an L1 or L2 state has an unguarded transition to the next tier to take.',
  check(context) {
    const { definition } = context;
    return Object.values(definition.states).flatMap((state) => {
      const written = context.spec.states[state.name]?.sla;
      if (!written || state.kind !== 'working' || (written.on_breach ?? 'escalate') !== 'escalate') return [];
      const next = nextTier(state.tier);
      if (!next || escalationTarget(state, definition.states)) return [];
      const explicit = written.on_breach !== undefined;
      return [
        problemAt(context, this.name, {
          path: explicit ? ['states', state.name, 'sla', 'on_breach'] : ['states', state.name, 'sla'],
          at: explicit ? 'value' : 'key',
          message: `${explicit ? 'on_breach: escalate' : 'a breach escalates by default, which'} needs an unguarded transition from '${state.name}' to an ${next} state`,
          hint: `add one, e.g. ESCALATE: <an ${next} state>; or set on_breach: { goto: <state> } or on_breach: notify`,
        }),
      ];
    });
  },
};
