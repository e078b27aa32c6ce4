import type { Comparison, Condition } from '../schema';
import type { FlowPath } from './lint-rule';
import type { TransitionSite } from './transition-sites';

/** One comparison inside a transition's `when`, with where it is written. */
export interface ComparisonSite {
  site: TransitionSite;
  comparison: Comparison;
  /** Path of the comparison object, e.g. `[…, 'when', 'all', 1]`. */
  path: FlowPath;
}

/** Every comparison in the `when` of the given transitions, however deeply `all`/`any`/`not` nest them. */
export function comparisonSites(sites: TransitionSite[]): ComparisonSite[] {
  const found: ComparisonSite[] = [];
  for (const site of sites) {
    if (site.transition.when === undefined) continue;
    const walk = (condition: Condition, path: FlowPath): void => {
      if ('all' in condition) condition.all.forEach((inner, index) => walk(inner, [...path, 'all', index]));
      else if ('any' in condition) condition.any.forEach((inner, index) => walk(inner, [...path, 'any', index]));
      else if ('not' in condition) walk(condition.not, [...path, 'not']);
      else found.push({ site, comparison: condition, path });
    };
    walk(site.transition.when, [...site.path, 'when']);
  }
  return found;
}
