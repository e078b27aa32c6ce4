import type { Comparison, Condition } from '../schema';
import { comparisonSubject } from '../condition';

/**
 * A condition as a short line a process owner can read on a diagram edge:
 * `verified = true`, `issue in [a, b]`, `users ≥ 20 or category = server`.
 */
export function conditionText(condition: Condition): string {
  return render(condition, false);
}

function render(condition: Condition, nested: boolean): string {
  if ('all' in condition || 'any' in condition) {
    const parts = 'all' in condition ? condition.all : condition.any;
    const text = parts.map((inner) => render(inner, true)).join('all' in condition ? ' and ' : ' or ');
    return nested && parts.length > 1 ? `(${text})` : text;
  }
  if ('not' in condition) return `not ${render(condition.not, true)}`;
  return comparisonText(condition);
}

function comparisonText(comparison: Comparison): string {
  const { path } = comparisonSubject(comparison);
  const list = (values: Array<string | number | boolean>): string => `[${values.map(String).join(', ')}]`;
  if (comparison.exists !== undefined) return `${path} ${comparison.exists ? 'is set' : 'is not set'}`;
  if (comparison.equals !== undefined) return `${path} = ${String(comparison.equals)}`;
  if (comparison.not_equals !== undefined) return `${path} ≠ ${String(comparison.not_equals)}`;
  if (comparison.in !== undefined) return `${path} in ${list(comparison.in)}`;
  if (comparison.not_in !== undefined) return `${path} not in ${list(comparison.not_in)}`;
  if (comparison.gt !== undefined) return `${path} > ${comparison.gt}`;
  if (comparison.gte !== undefined) return `${path} ≥ ${comparison.gte}`;
  if (comparison.lt !== undefined) return `${path} < ${comparison.lt}`;
  if (comparison.lte !== undefined) return `${path} ≤ ${comparison.lte}`;
  return path;
}
