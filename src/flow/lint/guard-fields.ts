import type { SourceProblem } from '../../source/problem';
import { didYouMean } from '../../source/suggest';
import { comparisonSubject } from '../condition';
import { comparisonSites } from './condition-sites';
import { knownFields, lookupField } from './known-fields';
import type { LintRule } from './lint-rule';
import { problemAt } from './lint-rule';
import { describeTrigger, transitionSites } from './transition-sites';

/**
 * Conditions read only what can exist: `field:` a ticket field (declared, set by an action or
 * recorded from an event), `event:` a payload field of the event being handled.
 */
export const guardFields: LintRule = {
  name: 'guard-field',
  description: 'Conditions read declared ticket fields (`field:`) and payload fields of their own event (`event:`).',
  check(context) {
    const fields = knownFields(context.spec);
    const problems: SourceProblem[] = [];
    for (const { site, comparison, path } of comparisonSites(transitionSites(context.spec))) {
      const subject = comparisonSubject(comparison);
      if (subject.source === 'field') {
        if (lookupField(fields, subject.path)) continue;
        problems.push(
          problemAt(context, this.name, {
            path: [...path, 'field'],
            message: `unknown field '${subject.path}'`,
            hint: didYouMean(subject.path, fields.keys()) ?? 'declare it under fields:, or set it with a set: action',
          }),
        );
        continue;
      }
      if (site.trigger.kind !== 'event') {
        problems.push(
          problemAt(context, this.name, {
            path: [...path, 'event'],
            message: `a transition ${describeTrigger(site.trigger)} has no event payload to read '${subject.path}' from`,
            hint: 'use field: to read a ticket field',
          }),
        );
        continue;
      }
      const event = site.trigger.event;
      if (!Object.hasOwn(context.spec.events, event)) continue; // undeclared-event reports it
      const payload = new Map(Object.entries(context.spec.events[event]?.fields ?? {}));
      if (lookupField(payload, subject.path)) continue;
      problems.push(
        problemAt(context, this.name, {
          path: [...path, 'event'],
          message: `event ${event} has no payload field '${subject.path}'`,
          hint: didYouMean(subject.path, payload.keys()) ?? `declare it under events.${event}.fields`,
        }),
      );
    }
    return problems;
  },
};
