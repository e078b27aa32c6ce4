import { didYouMean } from '../../source/suggest';
import type { LintRule } from './lint-rule';
import { problemAt } from './lint-rule';
import { transitionSites } from './transition-sites';

/** Every transition (`on`, `after`, `on_breach: { goto }`) must lead to a state of the flow. */
export const danglingTargets: LintRule = {
  name: 'dangling-target',
  description: 'Transitions lead to states that exist.',
  check(context) {
    const states = Object.keys(context.spec.states);
    return transitionSites(context.spec)
      .filter((site) => !Object.hasOwn(context.spec.states, site.transition.target))
      .map((site) =>
        problemAt(context, this.name, {
          path: site.targetPath,
          message: `unknown state '${site.transition.target}'`,
          hint: didYouMean(site.transition.target, states) ?? `states of this flow: ${states.join(', ')}`,
        }),
      );
  },
};
