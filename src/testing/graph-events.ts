import { comparisonSubject } from '../flow/condition';
import type { FlowDefinition } from '../flow/definition';
import { SLA_BREACH_EVENT } from '../flow/machine';
import type { TicketContext, TicketEvent } from '../flow/machine';
import type { Condition } from '../flow/schema';
import { afterEventType } from './flow-transitions';
import type { ModelStep } from './model-step';
import { payloadVariants } from './payload-variants';
import { comparisonsOf } from './sample-values';
import type { FlowFixtures } from './test-fixtures';

/**
 * How @xstate/graph explores a compiled flow: which events to try in a snapshot, and how to
 * key snapshots. Events carry payloads (one per distinct guard outcome), and time is an event
 * too — `sla.breach` for a working state's due date, XState's delayed event for each `after`.
 */

/** The part of a machine snapshot the traversal looks at. */
export interface TicketSnapshotLike {
  value: unknown;
  context: TicketContext;
}

/** Ticket field paths that some `field:` condition of the flow reads: the only fields that can change where a ticket goes. */
export function relevantFields(flow: FlowDefinition): string[] {
  const conditions: Condition[] = [];
  for (const state of Object.values(flow.states)) {
    for (const candidates of Object.values(state.on)) for (const candidate of candidates) if (candidate.when) conditions.push(candidate.when);
    for (const timeout of state.after) if (timeout.transition.when) conditions.push(timeout.transition.when);
  }
  const paths = conditions.flatMap(comparisonsOf).map(comparisonSubject).filter((subject) => subject.source === 'field').map((subject) => subject.path);
  return [...new Set(paths)].sort();
}

/**
 * Keys a snapshot by its state and the relevant fields only, so free text, counters and
 * timestamps in the context do not multiply the state space.
 */
export function snapshotKey(relevant: readonly string[]): (snapshot: TicketSnapshotLike) => string {
  return (snapshot) => {
    const fields = relevant.map((name) => snapshot.context.fields[name]);
    return fields.every((value) => value === undefined) ? String(snapshot.value) : `${String(snapshot.value)} ${JSON.stringify(Object.fromEntries(relevant.map((name, index) => [name, fields[index]])))}`;
  };
}

/** The events to try in a snapshot: payload variants that take a transition, the SLA breach, each `after` timeout. */
export function graphEvents(flow: FlowDefinition, fixtures: FlowFixtures, relevant: readonly string[]): (snapshot: TicketSnapshotLike) => TicketEvent[] {
  return (snapshot) => {
    const state = flow.states[String(snapshot.value)];
    if (!state || state.kind === 'final') return [];
    const events: TicketEvent[] = [];
    for (const [event, candidates] of Object.entries(state.on)) {
      const variants = payloadVariants(flow, candidates, event, snapshot.context.fields, { relevantFields: relevant, fixtures: fixtures.payloads?.[event] ?? [] });
      for (const variant of variants) if (variant.outcome >= 0) events.push({ type: event, data: variant.data });
    }
    // Clocks pause in waiting states, so only a working state's due date can pass.
    if (state.sla?.onBreach && state.kind === 'working') events.push({ type: SLA_BREACH_EVENT });
    for (const timeout of state.after) events.push({ type: afterEventType(flow, state.name, timeout.delayMs) });
    return events;
  };
}

/** The path step a graph event stands for. */
export function stepOfEvent(flow: FlowDefinition, state: string, event: TicketEvent): ModelStep {
  if (event.type === SLA_BREACH_EVENT) return { kind: 'sla' };
  const timeout = flow.states[state]?.after.find((candidate) => afterEventType(flow, state, candidate.delayMs) === event.type);
  if (timeout) return { kind: 'after', label: timeout.label, delayMs: timeout.delayMs };
  return { kind: 'event', event: event.type, data: event.data ?? {} };
}
