import type { ClosedTicketRecord } from '../ticket/closed-ticket-record';
import type { ClockStatus, TicketStatus } from '../ticket/types';
import { isNotFound } from './error-pages';
import type { LiveHub, TicketView } from './live/live-hub';
import type { WebArchivePort } from './web-deps';

/** A ticket as a page shows it; `archivedAt` is set when it was read from the archive, not from Temporal. */
export type ShownTicket = TicketView & { archivedAt?: string };

/**
 * A closed ticket's archive record as the status and timeline the pages already render: the
 * final state, the last owner, the clocks as they ended, no allowed events (it is read-only).
 * Pure.
 */
export function archivedTicketView(record: ClosedTicketRecord, at: number): ShownTicket {
  const clocks: ClockStatus[] = record.clocks.map((clock) => ({
    id: clock.id,
    kind: clock.kind,
    ...(clock.state ? { state: clock.state } : {}),
    targetMinutes: clock.targetMinutes,
    elapsedMinutes: clock.elapsedMinutes,
    pausedMinutes: clock.pausedMinutes,
    ...(clock.breachedAt ? { dueAt: clock.breachedAt } : {}),
    status: clock.outcome,
  }));
  const status: TicketStatus = {
    number: record.number,
    flow: record.flow,
    subject: record.subject,
    customer: record.customer.id,
    ...(record.customer.name ? { customerName: record.customer.name } : {}),
    ...(record.customer.language ? { language: record.customer.language } : {}),
    priority: record.priority.final,
    state: record.finalState,
    stateTitle: record.finalStateTitle,
    kind: 'final',
    ...(record.assignee ? { assignee: record.assignee } : {}),
    slaStatus: clocks.some((clock) => clock.status === 'breached') ? 'breached' : 'met',
    clocks,
    allowedEvents: [],
    fields: {},
  };
  return { status, timeline: record.timeline, at, archivedAt: record.closedAt };
}

/**
 * A ticket from Temporal while it has it, else from the archive. A closed ticket is read from
 * the archive even while Temporal still has it, so its page does not change when the
 * retention ends; until the record is written (the archive activity runs just after closing)
 * Temporal's view is shown. A ticket neither knows is "not found", like before; an archive
 * that cannot be reached for a ticket Temporal forgot is "unavailable" (its error says so).
 */
export async function readShownTicket(live: LiveHub, archive: WebArchivePort | undefined, number: string, options: { fresh?: boolean; now: () => number }): Promise<ShownTicket> {
  let view: TicketView;
  try {
    view = await live.ticket(number, options.fresh ?? false);
  } catch (error) {
    if (!archive || !isNotFound(error)) throw error;
    const record = await archive.getTicket(number);
    if (!record) throw error;
    return archivedTicketView(record, options.now());
  }
  if (view.status.kind !== 'final' || !archive) return view;
  try {
    const record = await archive.getTicket(number);
    return record ? archivedTicketView(record, options.now()) : view;
  } catch {
    // Temporal still has the ticket: its view is as good while the archive is away.
    return view;
  }
}
