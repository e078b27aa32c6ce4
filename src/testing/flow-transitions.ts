import { evaluateCondition } from '../flow/condition';
import type { FlowDefinition } from '../flow/definition';
import { SLA_BREACH_EVENT } from '../flow/machine';
import { conditionText } from '../flow/graph/condition-text';
import type { TimelineEntry } from '../ticket/types';

/**
 * The transitions of a flow as coverage counts them: every candidate of every event (each
 * guarded branch and each fallback separately), every `after` timeout, every SLA breach
 * (escalation or notification).
 */

/** One transition of a flow. */
export interface FlowTransition {
  /** `state.EVENT#0`, `state.after.5d`, `state.sla.breach`. */
  id: string;
  from: string;
  /** Target state; the state itself for a breach that only notifies. */
  to: string;
  kind: 'event' | 'after' | 'breach';
  /** Has a condition, or is the fallback behind one. */
  guarded: boolean;
  /** `IDENTITY_CHECKED [verified = true] → l1_reset_password`. */
  label: string;
}

/** Every transition of the flow, in the order the flow lists them. */
export function flowTransitions(flow: FlowDefinition): FlowTransition[] {
  const transitions: FlowTransition[] = [];
  for (const state of Object.values(flow.states)) {
    for (const [event, candidates] of Object.entries(state.on)) {
      candidates.forEach((candidate, index) => {
        const fallback = candidate.when === undefined && candidates.slice(0, index).some((earlier) => earlier.when !== undefined);
        const guard = candidate.when ? ` [${conditionText(candidate.when)}]` : fallback ? ' [otherwise]' : '';
        transitions.push({
          id: eventTransitionId(state.name, event, index),
          from: state.name,
          to: candidate.target,
          kind: 'event',
          guarded: candidate.when !== undefined || fallback,
          label: `${event}${guard} → ${candidate.target}`,
        });
      });
    }
    for (const timeout of state.after) {
      transitions.push({ id: `${state.name}.after.${timeout.label}`, from: state.name, to: timeout.transition.target, kind: 'after', guarded: false, label: `after ${timeout.label} → ${timeout.transition.target}` });
    }
    const breach = state.sla?.onBreach;
    if (breach) {
      const to = breach.kind === 'goto' ? breach.target : state.name;
      const label = breach.kind === 'goto' ? `SLA breach → ${to}` : `SLA breach → notify ${breach.audience}`;
      transitions.push({ id: `${state.name}.${SLA_BREACH_EVENT}`, from: state.name, to, kind: 'breach', guarded: false, label });
    }
  }
  return transitions;
}

/** Id of the `index`-th candidate transition of `event` in `state`. */
export function eventTransitionId(state: string, event: string, index: number): string {
  return `${state}.${event}#${index}`;
}

/** Which candidate of an event a ticket in `state` with `fields` takes for payload `data`; -1 when none holds. */
export function takenIndex(flow: FlowDefinition, state: string, event: string, fields: Readonly<Record<string, unknown>>, data: Readonly<Record<string, unknown>>): number {
  const candidates = flow.states[state]?.on[event] ?? [];
  return candidates.findIndex((candidate) => !candidate.when || evaluateCondition(candidate.when, { fields, event: data }));
}

/**
 * Transitions that timer-driven timeline entries stand for: an SLA breach or an `after`
 * timeout (XState names its delayed events `xstate.after.<ms>.<machine>.<state>`).
 */
export function timedTransitionIds(flow: FlowDefinition, entries: readonly TimelineEntry[]): string[] {
  const ids: string[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'transition' || entry.from === undefined) continue;
    if (entry.event === SLA_BREACH_EVENT) ids.push(`${entry.from}.${SLA_BREACH_EVENT}`);
    const delay = /^xstate\.after\.(\d+)\./.exec(entry.event ?? '')?.[1];
    const timeout = delay === undefined ? undefined : flow.states[entry.from]?.after.find((candidate) => candidate.delayMs === Number(delay));
    if (timeout) ids.push(`${entry.from}.after.${timeout.label}`);
  }
  return ids;
}

/** The type of the delayed event XState raises for a state's `after` timeout. */
export function afterEventType(flow: FlowDefinition, state: string, delayMs: number): string {
  return `xstate.after.${delayMs}.${flow.id}.${state}`;
}
