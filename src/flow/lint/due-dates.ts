import type { LintRule } from './lint-rule';
import { problemAt } from './lint-rule';

/** Every ticket always has a due date (seed 003): each working state has one, or the flow has a resolution target. */
export const dueDates: LintRule = {
  name: 'due-date',
  description: 'Every working state has a due date (`sla.due`), unless the flow has `sla.resolution`.',
  check(context) {
    if (context.spec.sla?.resolution !== undefined) return [];
    return Object.values(context.definition.states)
      .filter((state) => state.kind === 'working' && state.sla === undefined)
      .map((state) =>
        problemAt(context, this.name, {
          path: ['states', state.name],
          at: 'key',
          message: `working state '${state.name}' has no due date`,
          hint: 'add sla: { due: 4h } to the state, or sla: { resolution: 2d } to the flow',
        }),
      );
  },
};
