import type { SourceProblem } from '../../source/problem';
import type { FlowDefinition, StateDefinition } from '../definition';
import type { Tier } from '../tier';
import { tierStep } from '../tier';
import type { LintRule } from './lint-rule';
import { problemAt } from './lint-rule';
import type { TransitionSite } from './transition-sites';
import { transitionSites } from './transition-sites';

/** Where a ticket comes from when it takes a transition: the tier it was worked at, and in which state. */
interface Origin {
  tier: Tier;
  state: string;
}

/**
 * Tickets escalate one tier at a time (L1 → L2 → L3); going down or skipping a tier must be
 * deliberate (`deescalate: true`). Waiting states have no tier of their own, so they are seen
 * through: a ticket that waits on the customer comes back to the tier it left.
 */
export const tierOrder: LintRule = {
  name: 'tier-order',
  description: 'Escalation moves up one tier at a time; moving down or skipping a tier needs `deescalate: true`.',
  check(context) {
    const { definition } = context;
    const sites = transitionSites(context.spec);
    const origins = waitingOrigins(definition, sites);
    const problems: SourceProblem[] = [];
    for (const site of sites) {
      const target = definition.states[site.transition.target];
      const from = definition.states[site.from];
      // Tiers only count on working states; a tier on a waiting or final state is state-kind's to report.
      if (target?.kind !== 'working' || !target.tier || !from || site.transition.deescalate) continue;
      const comingFrom = origin(from) ?? (from.kind === 'waiting' ? (origins.get(from.name) ?? []) : []);
      const reported = new Set<string>();
      for (const origin of comingFrom) {
        const step = tierStep(origin.tier, target.tier);
        if (step === 0 || step === 1) continue;
        const key = `${origin.tier}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const movement = step < 0 ? 'moves down a tier' : `skips ${step === 2 ? 'L2' : 'a tier'}`;
        const via = from.kind === 'working' ? '' : ` (through waiting state '${from.name}')`;
        problems.push(
          problemAt(context, this.name, {
            path: site.targetPath,
            message: `transition from ${origin.tier} state '${origin.state}' to ${target.tier} state '${target.name}'${via} ${movement}`,
            hint: hintFor(site),
          }),
        );
      }
    }
    return problems;
  },
};

/** A working state with a tier is its own origin. */
function origin(state: StateDefinition): Origin[] | undefined {
  return state.kind === 'working' && state.tier ? [{ tier: state.tier, state: state.name }] : undefined;
}

function hintFor(site: TransitionSite): string {
  if (site.trigger.kind === 'breach') return 'on_breach may go to a state of the same tier or the next one';
  return 'escalate one tier at a time, or add deescalate: true if this is intended';
}

/**
 * For every waiting state, the tiered states a ticket can have come from, following chains of
 * waiting states. A `deescalate: true` transition into a waiting state resets nothing: the
 * check happens where the ticket re-enters a tier.
 */
function waitingOrigins(definition: FlowDefinition, sites: TransitionSite[]): Map<string, Origin[]> {
  const origins = new Map<string, Map<string, Origin>>();
  const add = (waiting: string, origin: Origin): boolean => {
    const known = origins.get(waiting) ?? new Map<string, Origin>();
    origins.set(waiting, known);
    const key = `${origin.tier}:${origin.state}`;
    if (known.has(key)) return false;
    known.set(key, origin);
    return true;
  };
  // Propagate until nothing changes; each (waiting state, origin) pair is added at most once.
  let changed = true;
  while (changed) {
    changed = false;
    for (const site of sites) {
      const target = definition.states[site.transition.target];
      const from = definition.states[site.from];
      if (target?.kind !== 'waiting' || !from) continue;
      const incoming = origin(from) ?? (from.kind === 'waiting' ? [...(origins.get(from.name)?.values() ?? [])] : []);
      for (const origin of incoming) if (add(target.name, origin)) changed = true;
    }
  }
  return new Map([...origins].map(([name, known]) => [name, [...known.values()]]));
}
