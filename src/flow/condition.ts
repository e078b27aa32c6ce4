import type { Comparison, Condition } from './schema';

/** What a condition can see: the ticket's fields and the payload of the event being handled. */
export interface ConditionScope {
  fields: Readonly<Record<string, unknown>>;
  event: Readonly<Record<string, unknown>>;
}

/** Evaluates a declarative condition. Pure: used by the machine, the linter's tests and test generation. */
export function evaluateCondition(condition: Condition, scope: ConditionScope): boolean {
  if ('all' in condition) return condition.all.every((inner) => evaluateCondition(inner, scope));
  if ('any' in condition) return condition.any.some((inner) => evaluateCondition(inner, scope));
  if ('not' in condition) return !evaluateCondition(condition.not, scope);
  return evaluateComparison(condition, scope);
}

/**
 * Reads `a.b.c` from a record: a flat key with dots wins over nested objects. Only own
 * properties count, so `constructor` or `toString` never read something from a prototype.
 */
export function readPath(record: Readonly<Record<string, unknown>>, path: string): unknown {
  if (Object.hasOwn(record, path)) return record[path];
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The subject of a comparison: which record and which path it reads. */
export function comparisonSubject(comparison: Comparison): { source: 'field' | 'event'; path: string } {
  return comparison.field !== undefined
    ? { source: 'field', path: comparison.field }
    : { source: 'event', path: comparison.event ?? '' };
}

function evaluateComparison(comparison: Comparison, scope: ConditionScope): boolean {
  const subject = comparisonSubject(comparison);
  const value = readPath(subject.source === 'field' ? scope.fields : scope.event, subject.path);
  if (comparison.exists !== undefined) return (value !== undefined && value !== null) === comparison.exists;
  if (comparison.equals !== undefined) return value === comparison.equals;
  if (comparison.not_equals !== undefined) return value !== comparison.not_equals;
  if (comparison.in !== undefined) return comparison.in.some((candidate) => candidate === value);
  if (comparison.not_in !== undefined) return !comparison.not_in.some((candidate) => candidate === value);
  if (value === undefined || value === null) return false;
  const ordered = (limit: number | string, test: (order: number) => boolean): boolean => test(compare(value, limit));
  if (comparison.gt !== undefined) return ordered(comparison.gt, (order) => order > 0);
  if (comparison.gte !== undefined) return ordered(comparison.gte, (order) => order >= 0);
  if (comparison.lt !== undefined) return ordered(comparison.lt, (order) => order < 0);
  if (comparison.lte !== undefined) return ordered(comparison.lte, (order) => order <= 0);
  return false;
}

/** Numbers compare as numbers; everything else (ISO dates included) as strings. */
function compare(value: unknown, limit: number | string): number {
  if (typeof limit === 'number') {
    const number = typeof value === 'number' ? value : Number(value);
    return Number.isNaN(number) ? NaN : number - limit;
  }
  const text = String(value);
  return text < limit ? -1 : text > limit ? 1 : 0;
}
