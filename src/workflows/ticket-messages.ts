import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OwnerOffer } from '../assignment/directory-state';
import type { RequestKey, RequestReceipt } from '../ticket/request-receipts';
import type { CustomerMessageInput, HandAssignment, PriorityChange, TicketEventInput, TicketStatus, TimelineEntry } from '../ticket/types';

/** A request that may carry the client's idempotency key and the id of this try. */
export interface KeyedRequest {
  request?: RequestKey;
}

/** What an update answers: the ticket's status after it, and the receipt of the request. */
export type TicketAnswer = TicketStatus & { receipt?: RequestReceipt };

/** The answer to a customer message: also which reply event it sent, if any. */
export type MessageAnswer = TicketAnswer & { replyEvent?: string };

/** Sends an event and returns the ticket's new status; refused events change nothing. */
export const sendEventUpdate = defineUpdate<TicketAnswer, [TicketEventInput & KeyedRequest]>('sendEvent');
/** The same events, fire-and-forget, for intake channels that cannot wait for an answer. */
export const sendEventSignal = defineSignal<[TicketEventInput]>('sendEvent');
/** Assigns the ticket to a named agent. */
export const assignUpdate = defineUpdate<TicketAnswer, [HandAssignment & KeyedRequest]>('assign');
/** A customer message joins the discussion; in a state with `on_customer_reply` it sends that event. */
export const addMessageUpdate = defineUpdate<MessageAnswer, [CustomerMessageInput & KeyedRequest]>('addMessage');
/** A mail of this ticket bounced: recorded on the ticket and the team told (sent by intake, keyed by the bounce's Message-ID). */
export const recordBounceUpdate = defineUpdate<TicketAnswer, [{ address: string; reason: string } & KeyedRequest]>('recordBounce');
/** Tells a ticket that an agent is absent; the ticket reassigns itself if that agent owns it. */
export const agentAbsentSignal = defineSignal<[{ agent: string }]>('agentAbsent');
/** The agent directory found an owner for a ticket that waited in a tier's queue. */
export const ownerFoundSignal = defineSignal<[OwnerOffer]>('ownerFound');
/** Changes the ticket's priority; SLA deadlines are recomputed. */
export const changePriorityUpdate = defineUpdate<TicketAnswer, [PriorityChange & KeyedRequest]>('changePriority');
/** The customer got in touch again about this open ticket (seen on intake). */
export const contactedAgainSignal = defineSignal<[{ channel: string; subject: string }]>('contactedAgain');
/** Current state, tier, assignee, clocks, allowed events. */
export const statusQuery = defineQuery<TicketStatus>('status');
/** Every transition, assignment and SLA event, in order. */
export const timelineQuery = defineQuery<TimelineEntry[]>('timeline');
