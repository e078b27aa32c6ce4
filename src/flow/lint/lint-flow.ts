import type { SourceProblem } from '../../source/problem';
import { sortProblems } from '../../source/problem';
import { afterTimeouts } from './after-timeouts';
import { breachEscalation } from './breach-escalation';
import { choiceFields } from './choice-fields';
import { customerReply } from './customer-reply';
import { danglingTargets } from './dangling-targets';
import { dueDates } from './due-dates';
import { guardFields } from './guard-fields';
import { initialState } from './initial-state';
import { knownCalendar } from './known-calendar';
import type { LintContext, LintRule } from './lint-rule';
import { priorityTargets } from './priority-targets';
import { reachability } from './reachability';
import { stateKinds } from './state-kinds';
import { tierOrder } from './tier-order';
import { undeclaredEvents } from './undeclared-events';
import { warningThresholds } from './warning-thresholds';

/** Every lint rule, in the order their descriptions are listed. */
export const LINT_RULES: readonly LintRule[] = [
  initialState,
  danglingTargets,
  undeclaredEvents,
  stateKinds,
  reachability,
  tierOrder,
  dueDates,
  breachEscalation,
  priorityTargets,
  warningThresholds,
  guardFields,
  afterTimeouts,
  choiceFields,
  knownCalendar,
  customerReply,
];

/**
 * Runs every rule on a schema-valid flow and returns all problems, sorted by position. A rule
 * that fails unexpectedly becomes a problem too: linting reports, it never throws.
 */
export function lintFlow(context: LintContext, rules: readonly LintRule[] = LINT_RULES): SourceProblem[] {
  const problems: SourceProblem[] = [];
  for (const rule of rules) {
    try {
      problems.push(...rule.check(context));
    } catch (error) {
      problems.push({
        file: context.source.file,
        line: 1,
        col: 1,
        message: `internal error in lint rule '${rule.name}': ${error instanceof Error ? error.message : String(error)}`,
        hint: 'please report this with the flow file',
        severity: 'error',
        rule: rule.name,
      });
    }
  }
  return sortProblems(problems);
}
