import type { SourceProblem } from '../../source/problem';
import type { FlowPath, LintRule } from './lint-rule';
import { problemAt } from './lint-rule';

/** `warn_at` percentages rise strictly and stay below 100, where the breach itself is reported. */
export const warningThresholds: LintRule = {
  name: 'warn-at',
  description: 'Warning thresholds are strictly increasing percentages between 1 and 99.',
  check(context) {
    const lists: Array<{ values: number[]; path: FlowPath }> = [];
    if (context.spec.sla?.warn_at) lists.push({ values: context.spec.sla.warn_at, path: ['sla', 'warn_at'] });
    for (const [name, state] of Object.entries(context.spec.states)) {
      if (state.sla?.warn_at) lists.push({ values: state.sla.warn_at, path: ['states', name, 'sla', 'warn_at'] });
    }
    const problems: SourceProblem[] = [];
    for (const { values, path } of lists) {
      values.forEach((value, index) => {
        const previous = values[index - 1];
        if (value < 1 || value > 99) {
          problems.push(
            problemAt(context, this.name, { path: [...path, index], message: `warning threshold ${value}% is outside 1–99`, hint: 'the breach itself is reported at 100%' }),
          );
        } else if (previous !== undefined && value <= previous) {
          problems.push(
            problemAt(context, this.name, {
              path: [...path, index],
              message: `warning thresholds must increase: ${value}% comes after ${previous}%`,
              hint: 'list them in rising order, each once, e.g. [75, 90]',
            }),
          );
        }
      });
    }
    return problems;
  },
};
