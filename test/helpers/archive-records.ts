import type { FlowDefinition } from '../../src/flow/definition';
import type { BusinessCalendar } from '../../src/sla/business-calendar';
import { CALENDAR_24X7 } from '../../src/sla/business-calendar';
import { closedTicketRecord } from '../../src/ticket/closed-ticket-record';
import type { ClosedTicketRecord } from '../../src/ticket/closed-ticket-record';
import { TicketEngine } from '../../src/ticket/engine';
import type { TicketEventInput, TicketInfo } from '../../src/ticket/types';
import { ESCALATION_FLOW, flowFromYaml } from './flow-fixtures';

/** One step of a ticket driven on the pure engine: an event, an assignment or the clock firing, at an instant. */
export type EngineStep =
  | { at: string; event: TicketEventInput }
  | { at: string; assign: string; reason?: string }
  | { at: string; fire: true }
  | { at: string; absent: string; replacement: string }
  | { at: string; contact: string }
  | { at: string; priority: string };

/**
 * Drives the real engine through steps at given instants and describes the closed ticket: the
 * way tests get records whose figures they can compute by hand.
 */
export function recordOf(
  steps: EngineStep[],
  options: { number?: string; openedAt?: string; flow?: FlowDefinition; calendar?: BusinessCalendar; ticket?: Partial<TicketInfo> } = {},
): ClosedTicketRecord {
  const flow = options.flow ?? flowFromYaml(ESCALATION_FLOW);
  const calendar = options.calendar ?? CALENDAR_24X7;
  const ticket: TicketInfo = {
    number: options.number ?? 'SOP-TEST-1',
    customer: { id: 'C-1', name: 'Erika Mustermann', email: 'erika@example.org' },
    channel: 'email',
    subject: 'Passwort vergessen',
    priority: 'P2',
    topic: flow.id,
    fields: {},
    ...options.ticket,
  };
  const { engine } = TicketEngine.open(flow, calendar, ticket, Date.parse(options.openedAt ?? '2026-03-02T09:00:00Z'));
  for (const step of steps) {
    const at = Date.parse(step.at);
    if ('event' in step) engine.send(step.event, at);
    else if ('assign' in step) engine.recordAssignment(step.assign, engine.currentTier() ?? 'L1', step.reason ?? 'new ticket', at);
    else if ('fire' in step) engine.fireDue(at);
    else if ('contact' in step) engine.contactedAgain(step.contact, 'again', at);
    else if ('priority' in step) engine.changePriority({ priority: step.priority, actor: 'lead' }, at);
    else {
      engine.ownerAbsent(step.absent, at);
      engine.recordAssignment(step.replacement, engine.currentTier() ?? 'L1', 'absence', at);
    }
  }
  return closedTicketRecord({ flow, calendar, ticket, carried: engine.carry() });
}

/** A simple resolved ticket: opened at `openedAt`, accepted 10 minutes later, resolved after `minutes`. */
export function simpleRecord(number: string, openedAt: string, minutes = 30, ticket: Partial<TicketInfo> = {}): ClosedTicketRecord {
  const opened = Date.parse(openedAt);
  const at = (offset: number) => new Date(opened + offset * 60_000).toISOString();
  return recordOf(
    [
      { at: at(1), assign: 'anna' },
      { at: at(10), event: { type: 'ACCEPT', actor: 'anna' } },
      { at: at(minutes), event: { type: 'RESOLVE', data: { resolution: 'done' }, actor: 'anna' } },
    ],
    { number, openedAt, ticket },
  );
}
