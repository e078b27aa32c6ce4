import type { FlowDefinition } from '../flow/definition';
import type { TicketInfo } from './types';

/** The memo a ticket's workflow carries, for the Web UI: set by the client at start, or by the workflow if missing. */
export function ticketMemo(flow: FlowDefinition, ticket: TicketInfo): Record<string, string> {
  return { ticket: ticket.number, subject: ticket.subject, flowTitle: flow.title };
}
