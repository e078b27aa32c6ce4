import type { SourceProblem } from '../../source/problem';
import { didYouMean } from '../../source/suggest';
import { comparisonSubject } from '../condition';
import type { FieldSpec } from '../schema';
import { comparisonSites } from './condition-sites';
import { knownFields, lookupField } from './known-fields';
import type { FlowPath, LintContext, LintRule } from './lint-rule';
import { problemAt } from './lint-rule';
import { transitionSites } from './transition-sites';

/** A `choice` field lists its choices, and conditions compare it only with one of them. */
export const choiceFields: LintRule = {
  name: 'choice-field',
  description: 'Choice fields list their choices; conditions on them compare with listed choices only.',
  check(context) {
    const problems: SourceProblem[] = [];
    for (const { spec, path } of fieldSpecs(context)) {
      if (spec.type === 'choice' && !spec.choices) {
        problems.push(problemAt(context, this.name, { path, at: 'key', message: `choice field '${String(path[path.length - 1])}' lists no choices`, hint: 'add choices: [first, second]' }));
      } else if (spec.type !== 'choice' && spec.choices) {
        problems.push(
          problemAt(context, this.name, {
            path: [...path, 'choices'],
            at: 'key',
            message: `choices are ignored on a ${spec.type} field`,
            hint: 'use type: choice, or remove choices:',
            severity: 'warning',
          }),
        );
      }
    }
    const ticketFields = knownFields(context.spec);
    for (const { site, comparison, path } of comparisonSites(transitionSites(context.spec))) {
      const subject = comparisonSubject(comparison);
      const scope =
        subject.source === 'field'
          ? ticketFields
          : site.trigger.kind === 'event'
            ? new Map(Object.entries(context.spec.events[site.trigger.event]?.fields ?? {}))
            : new Map<string, FieldSpec>();
      const choices = lookupField(scope, subject.path)?.spec?.choices;
      if (!choices) continue;
      for (const operator of ['equals', 'not_equals', 'in', 'not_in'] as const) {
        const operand = comparison[operator];
        if (operand === undefined) continue;
        const values = Array.isArray(operand) ? operand : [operand];
        values.forEach((value, index) => {
          if (choices.some((choice) => choice === value)) return;
          problems.push(
            problemAt(context, this.name, {
              path: Array.isArray(operand) ? [...path, operator, index] : [...path, operator],
              message: `'${String(value)}' is not a choice of '${subject.path}'`,
              hint: didYouMean(String(value), choices.map(String)) ?? `choices: ${choices.join(', ')}`,
            }),
          );
        });
      }
    }
    return problems;
  },
};

function fieldSpecs(context: LintContext): Array<{ spec: FieldSpec; path: FlowPath }> {
  const found = Object.entries(context.spec.fields ?? {}).map(([name, spec]) => ({ spec, path: ['fields', name] as FlowPath }));
  for (const [event, spec] of Object.entries(context.spec.events)) {
    for (const [name, field] of Object.entries(spec?.fields ?? {})) found.push({ spec: field, path: ['events', event, 'fields', name] });
  }
  return found;
}
