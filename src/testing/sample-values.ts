import type { Comparison, Condition, FieldSpec } from '../flow/schema';
import { comparisonSubject } from '../flow/condition';

/** A valid value for a field that no condition looks at: text gets a sample string, a choice its first choice. */
export function sampleValue(name: string, field: FieldSpec): unknown {
  switch (field.type) {
    case 'text':
      return `model test ${name.replaceAll('_', ' ')}`;
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'date':
      return '2026-03-02';
    case 'email':
      return 'model.test@example.org';
    case 'choice':
      return field.choices?.[0] ?? '';
  }
}

/**
 * Values worth trying for a field that conditions read: every value of its type that can make
 * a comparison true or false (both booleans, every choice, each limit and its neighbours), the
 * values conditions name, and the sample value. Absence is the caller's choice.
 */
export function interestingValues(name: string, field: FieldSpec, comparisons: readonly Comparison[]): unknown[] {
  const values: unknown[] = [];
  const add = (value: unknown): void => {
    if (!values.some((known) => known === value)) values.push(value);
  };
  if (field.type === 'boolean') [true, false].forEach(add);
  if (field.type === 'choice') (field.choices ?? []).forEach(add);
  for (const comparison of comparisons) {
    for (const value of [comparison.equals, comparison.not_equals, ...(comparison.in ?? []), ...(comparison.not_in ?? [])]) {
      if (value !== undefined) add(value);
    }
    for (const limit of [comparison.gt, comparison.gte, comparison.lt, comparison.lte]) {
      if (typeof limit === 'number') [limit - 1, limit, limit + 1].forEach(add);
      else if (limit !== undefined) add(limit);
    }
  }
  add(sampleValue(name, field));
  return values;
}

/** Every comparison inside a condition. */
export function comparisonsOf(condition: Condition): Comparison[] {
  if ('all' in condition) return condition.all.flatMap(comparisonsOf);
  if ('any' in condition) return condition.any.flatMap(comparisonsOf);
  if ('not' in condition) return comparisonsOf(condition.not);
  return [condition];
}

/** Comparisons that read `path`, from the event payload or the ticket's fields (an accepted payload becomes ticket fields). */
export function comparisonsReading(conditions: readonly Condition[], path: string): Comparison[] {
  return conditions.flatMap(comparisonsOf).filter((comparison) => comparisonSubject(comparison).path === path);
}
