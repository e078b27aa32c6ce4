import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TicketEventInput, TicketStatus, TimelineEntry } from '../ticket/types';

/** Sends an event and returns the ticket's new status; refused events change nothing. */
export const sendEventUpdate = defineUpdate<TicketStatus, [TicketEventInput]>('sendEvent');
/** The same events, fire-and-forget, for intake channels that cannot wait for an answer. */
export const sendEventSignal = defineSignal<[TicketEventInput]>('sendEvent');
/** Assigns the ticket to a named agent. */
export const assignUpdate = defineUpdate<TicketStatus, [{ agent: string; reason?: string; actor?: string }]>('assign');
/** Tells a ticket that an agent is absent; the ticket reassigns itself if that agent owns it. */
export const agentAbsentSignal = defineSignal<[{ agent: string }]>('agentAbsent');
/** Changes the ticket's priority; SLA deadlines are recomputed. */
export const changePriorityUpdate = defineUpdate<TicketStatus, [{ priority: string; actor?: string }]>('changePriority');
/** The customer got in touch again about this open ticket (seen on intake). */
export const contactedAgainSignal = defineSignal<[{ channel: string; subject: string }]>('contactedAgain');
/** Current state, tier, assignee, clocks, allowed events. */
export const statusQuery = defineQuery<TicketStatus>('status');
/** Every transition, assignment and SLA event, in order. */
export const timelineQuery = defineQuery<TimelineEntry[]>('timeline');
