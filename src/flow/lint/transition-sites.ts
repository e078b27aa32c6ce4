import type { TransitionDefinition } from '../definition';
import { transitionList } from '../definition';
import type { FlowSpec } from '../schema';
import type { FlowPath } from './lint-rule';

/** What makes a transition happen: an event, a wall-clock timeout, or an SLA breach. */
export type TransitionTrigger = { kind: 'event'; event: string } | { kind: 'after'; label: string } | { kind: 'breach' };

/** A transition together with where it is written in the flow file. */
export interface TransitionSite {
  /** The state the transition leaves. */
  from: string;
  trigger: TransitionTrigger;
  transition: TransitionDefinition;
  /** Path of the transition as written (a state name, or an object with `target:`). */
  path: FlowPath;
  /** Path of the target state's name. */
  targetPath: FlowPath;
}

/**
 * Every transition of a flow with its position: `on` (all three spellings), `after` and
 * `on_breach: { goto }`. Rules report at these paths, so a problem points at the line to fix.
 */
export function transitionSites(spec: FlowSpec): TransitionSite[] {
  // Several rules ask for the same flow; the spec is not changed while it is linted.
  const known = SITES.get(spec);
  if (known) return known;
  const sites: TransitionSite[] = [];
  for (const [from, state] of Object.entries(spec.states)) {
    for (const [event, written] of Object.entries(state.on ?? {})) {
      const base: FlowPath = ['states', from, 'on', event];
      const transitions = transitionList(written);
      transitions.forEach((transition, index) => {
        const path = Array.isArray(written) ? [...base, index] : base;
        const targetPath = typeof written === 'string' ? path : [...path, 'target'];
        sites.push({ from, trigger: { kind: 'event', event }, transition, path, targetPath });
      });
    }
    for (const [label, written] of Object.entries(state.after ?? {})) {
      const path: FlowPath = ['states', from, 'after', label];
      const transition = transitionList(written)[0]!;
      sites.push({ from, trigger: { kind: 'after', label }, transition, path, targetPath: typeof written === 'string' ? path : [...path, 'target'] });
    }
    const breach = state.sla?.on_breach;
    if (typeof breach === 'object') {
      const path: FlowPath = ['states', from, 'sla', 'on_breach'];
      sites.push({
        from,
        trigger: { kind: 'breach' },
        transition: { target: breach.goto, deescalate: false, actions: [] },
        path,
        targetPath: [...path, 'goto'],
      });
    }
  }
  SITES.set(spec, sites);
  return sites;
}

const SITES = new WeakMap<FlowSpec, TransitionSite[]>();

/** `on RESOLVE`, `after 5d`, `on SLA breach`: how a message names a trigger. */
export function describeTrigger(trigger: TransitionTrigger): string {
  if (trigger.kind === 'event') return `on ${trigger.event}`;
  if (trigger.kind === 'after') return `after ${trigger.label}`;
  return 'on SLA breach';
}
