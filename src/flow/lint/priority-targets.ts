import type { SourceProblem } from '../../source/problem';
import { parseDurationMinutes } from '../duration';
import { DEFAULT_PRIORITIES } from '../schema';
import type { Target } from '../schema';
import type { FlowPath, LintContext, LintRule } from './lint-rule';
import { problemAt } from './lint-rule';

/**
 * SLA targets per priority: priorities are unique, a matrix names only known priorities and
 * gives each of them a target, targets are positive, and a more urgent priority (listed
 * earlier) never gets more time than a less urgent one.
 */
export const priorityTargets: LintRule = {
  name: 'priority-target',
  description: 'Priority matrices name every priority of the flow and only those; targets are positive.',
  check(context) {
    const priorities = [...new Set(context.spec.priorities ?? DEFAULT_PRIORITIES)];
    const problems: SourceProblem[] = [];
    const seen = new Set<string>();
    (context.spec.priorities ?? []).forEach((priority, index) => {
      if (seen.has(priority)) {
        problems.push(problemAt(context, this.name, { path: ['priorities', index], message: `priority '${priority}' is listed twice` }));
      }
      seen.add(priority);
    });
    for (const { target, path } of targets(context)) problems.push(...checkTarget(context, this.name, target, path, priorities));
    return problems;
  },
};

function targets(context: LintContext): Array<{ target: Target; path: FlowPath }> {
  const found: Array<{ target: Target; path: FlowPath }> = [];
  const sla = context.spec.sla;
  if (sla?.first_response !== undefined) found.push({ target: sla.first_response, path: ['sla', 'first_response'] });
  if (sla?.resolution !== undefined) found.push({ target: sla.resolution, path: ['sla', 'resolution'] });
  for (const [name, state] of Object.entries(context.spec.states)) {
    if (state.sla) found.push({ target: state.sla.due, path: ['states', name, 'sla', 'due'] });
  }
  return found;
}

function checkTarget(context: LintContext, rule: string, target: Target, path: FlowPath, priorities: string[]): SourceProblem[] {
  const problems: SourceProblem[] = [];
  // Each duration is parsed once: a large flow has thousands of them.
  const minutes = new Map<string, number>();
  const zero = (duration: string, at: () => FlowPath): number => {
    const parsed = parseDurationMinutes(duration);
    if (parsed <= 0) {
      problems.push(problemAt(context, rule, { path: at(), message: `a target of '${duration}' is breached at once`, hint: 'use a positive duration' }));
    }
    return parsed;
  };
  if (typeof target === 'string') {
    zero(target, () => path);
    return problems;
  }
  for (const [priority, duration] of Object.entries(target)) {
    if (!priorities.includes(priority)) {
      problems.push(
        problemAt(context, rule, {
          path: [...path, priority],
          at: 'key',
          message: `unknown priority '${priority}'`,
          // Priority names are too short for a useful "did you mean": P5 is one edit from every Pn.
          hint: `priorities of this flow: ${priorities.join(', ')}`,
        }),
      );
    }
    minutes.set(priority, zero(duration, () => [...path, priority]));
  }
  const missing = priorities.filter((priority) => !Object.hasOwn(target, priority));
  if (missing.length > 0) {
    problems.push(
      problemAt(context, rule, {
        path,
        message: `no target for priorit${missing.length === 1 ? 'y' : 'ies'} ${missing.join(', ')}`,
        hint: 'give every priority a duration, or write one duration for all',
      }),
    );
  }
  const listed = priorities.filter((priority) => Object.hasOwn(target, priority));
  for (let i = 1; i < listed.length; i++) {
    const urgent = listed[i - 1]!;
    const relaxed = listed[i]!;
    if (minutes.get(urgent)! > minutes.get(relaxed)!) {
      problems.push(
        problemAt(context, rule, {
          path: [...path, relaxed],
          message: `${relaxed} gets less time (${target[relaxed]}) than the more urgent ${urgent} (${target[urgent]})`,
          hint: 'priorities are listed most urgent first; check the order of the targets',
          severity: 'warning',
        }),
      );
    }
  }
  return problems;
}
