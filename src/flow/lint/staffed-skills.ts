import type { SourceProblem } from '../../source/problem';
import type { Action } from '../schema';
import type { FlowPath, LintRule } from './lint-rule';
import { problemAt } from './lint-rule';
import { normalizeSkill } from './staffing';
import { transitionSites } from './transition-sites';

/**
 * Every `assign:` can be staffed: the tier has a pool and, when a skill is asked for, some
 * agent of that pool has it. Otherwise the ticket stays with its owner on escalation and the
 * team hears "no agent could be assigned" on every ticket. A warning, because people and
 * skills change in the config, not in the flow; checked when the loader is given the staffing.
 */
export const staffedSkills: LintRule = {
  name: 'staffed-skill',
  description: 'Each `assign:` names a tier with a pool and a skill some agent of that pool has (checked when a config is given).',
  check(context) {
    const staffing = context.staffing;
    if (staffing === undefined) return [];
    const problems: SourceProblem[] = [];
    const check = (action: Action, path: FlowPath): void => {
      if (!('assign' in action)) return;
      const skills = staffing.skillsByTier.get(action.assign);
      if (skills === undefined) {
        problems.push(
          problemAt(context, this.name, {
            path: [...path, 'assign'],
            message: `${staffing.file} has no ${action.assign} pool to assign from`,
            hint: `add pools.${action.assign} with at least one agent to ${staffing.file}`,
            severity: 'warning',
          }),
        );
      } else if (action.skill !== undefined && !skills.has(normalizeSkill(action.skill))) {
        problems.push(
          problemAt(context, this.name, {
            path: [...path, 'skill'],
            message: `no ${action.assign} agent in ${staffing.file} has skill '${action.skill}'`,
            hint: `add '${action.skill}' to the skills of an agent of pools.${action.assign}; until then the ticket keeps its owner and the team is told nobody could be assigned`,
            severity: 'warning',
          }),
        );
      }
    };
    for (const [name, state] of Object.entries(context.spec.states)) {
      (state.entry ?? []).forEach((action, index) => check(action, ['states', name, 'entry', index]));
    }
    for (const site of transitionSites(context.spec)) {
      (site.transition.actions ?? []).forEach((action, index) => check(action, [...site.path, 'actions', index]));
    }
    return problems;
  },
};
