import type { BusinessCalendar } from '../sla/business-calendar';
import type { FlowDefinition } from '../flow/definition';
import type { CarriedTicketState } from '../ticket/engine';
import type { RequestReceipt } from '../ticket/request-receipts';
import type { TicketInfo } from '../ticket/types';

/** Input of a ticket: the pinned flow definition, its calendar, the ticket, and carried state after continue-as-new. */
export interface TicketWorkflowInput {
  flow: FlowDefinition;
  calendar: BusinessCalendar;
  ticket: TicketInfo;
  carried?: CarriedTicketState;
  /** Receipts of applied client requests, carried after continue-as-new. */
  receipts?: RequestReceipt[];
  /** Continue as new after this many handled messages even if Temporal does not suggest it yet (tests). */
  continueAsNewAfter?: number;
}
