import type { SourceProblem } from '../../source/problem';
import { parseDurationMs } from '../duration';
import type { LintRule } from './lint-rule';
import { problemAt } from './lint-rule';

/** `after:` keys are positive durations, each delay at most once per state (XState keys timers by delay). */
export const afterTimeouts: LintRule = {
  name: 'after-timeout',
  description: '`after:` keys are positive durations such as 5d, and no two timeouts of a state have the same delay.',
  check(context) {
    const problems: SourceProblem[] = [];
    for (const [name, state] of Object.entries(context.spec.states)) {
      const delays = new Map<number, string>();
      for (const label of Object.keys(state.after ?? {})) {
        const path = ['states', name, 'after', label];
        let ms: number;
        try {
          ms = parseDurationMs(label);
        } catch {
          problems.push(problemAt(context, this.name, { path, at: 'key', message: `'${label}' is not a duration`, hint: "write e.g. '30m', '4h', '1h30m' or '5d'" }));
          continue;
        }
        const same = delays.get(ms);
        if (ms <= 0) {
          problems.push(problemAt(context, this.name, { path, at: 'key', message: `a timeout of '${label}' fires at once`, hint: 'use a positive duration' }));
        } else if (same !== undefined) {
          problems.push(problemAt(context, this.name, { path, at: 'key', message: `'${label}' is the same delay as '${same}'`, hint: 'merge the two timeouts' }));
        }
        delays.set(ms, same ?? label);
      }
    }
    return problems;
  },
};
