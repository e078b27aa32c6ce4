import type { Tier } from '../flow/schema';

/** The customer a ticket belongs to; contact details decide how they are told about changes. */
export interface Customer {
  id: string;
  name?: string;
  email?: string;
  phone?: string;
  /** `de`, `en` or `pl`; notifications fall back to the configured default. */
  language?: string;
}

/** What a ticket is about, as given when it is opened. */
export interface TicketInfo {
  /** Unique, shown to the customer in every message; also the Temporal workflow id. */
  number: string;
  customer: Customer;
  /** Intake channel: phone, email, sms, portal, social… */
  channel: string;
  subject: string;
  priority: string;
  /** One open ticket per customer and topic; defaults to the flow id. */
  topic: string;
  fields: Record<string, unknown>;
}

/** An event as a client sends it. */
export interface TicketEventInput {
  type: string;
  data?: Record<string, unknown>;
  /** Who sent it (agent id, `customer`, `system`), for the timeline. */
  actor?: string;
}

/** A person assigns a ticket by hand (not the directory's pick). */
export interface HandAssignment {
  agent: string;
  /** Why, for the new owner, the customer and the timeline; "assigned by hand" when absent. */
  reason?: string;
  /** Who assigned it (agent id, `cli`), for the timeline. */
  actor?: string;
}

/** A person changes a ticket's priority. */
export interface PriorityChange {
  priority: string;
  /** Who changed it, for the timeline. */
  actor?: string;
}

/** A file that came with a customer message, stored by content hash (never executed or rendered inline). */
export interface MessageAttachment {
  name: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of the content: the key it is stored under. */
  sha256: string;
}

/** A message from the customer (mail, portal, API, SMS): it joins the ticket's discussion. */
export interface CustomerMessageInput {
  /** The new text, with quoted history and signature stripped; what the discussion shows. */
  text: string;
  /** Where it came in: email, portal, api, sms, phone … */
  channel: string;
  /** The sender as the channel knows it (an address or a number), for agents. */
  from?: string;
  subject?: string;
  attachments?: MessageAttachment[];
  /** Where the full original is kept (e.g. the stored raw mail's hash), for agents. */
  original?: string;
  /** Why intake put the message on this ticket (its threading decision), written to the timeline as the reason. */
  thread?: string;
  /**
   * The customer sent it as a new request and it joined this open ticket on the same topic
   * (set by the ticket client's "one open ticket per customer and topic" rule): the customer is
   * told which ticket it joined (template `request_joined`), on every channel alike.
   */
  joinedOpenTicket?: boolean;
}

/** Kinds of timeline entries. */
export type TimelineKind =
  | 'created'
  | 'transition'
  | 'assigned'
  | 'sla_warning'
  | 'sla_breached'
  | 'sla_met'
  | 'priority_changed'
  | 'contacted_again'
  | 'notification_failed'
  | 'message'
  | 'note';

/** One line of a ticket's history: what happened, when, by whom. */
export interface TimelineEntry {
  seq: number;
  /** ISO instant. */
  at: string;
  kind: TimelineKind;
  event?: string;
  from?: string;
  to?: string;
  actor?: string;
  data?: Record<string, unknown>;
  reason?: string;
  agent?: string;
  clock?: string;
  /** Templates of the messages the customer was sent for this entry (`status_changed`, …). */
  customerMessages?: string[];
}

/** An event the current state accepts, with the payload fields it needs. */
export interface AllowedEvent {
  type: string;
  title?: string;
  fields: Record<string, { type: string; required: boolean; choices?: Array<string | number> }>;
}

/** A view of one SLA clock for queries and the CLI. */
export interface ClockStatus {
  id: string;
  kind: string;
  state?: string;
  targetMinutes: number;
  elapsedMinutes: number;
  pausedMinutes: number;
  dueAt?: string;
  status: 'ok' | 'warning' | 'breached' | 'met' | 'paused';
}

/** Overall SLA status of a ticket: the worst of its clocks. */
export type SlaStatus = 'ok' | 'warning' | 'breached' | 'paused' | 'met';

/** Everything a client sees of a ticket at one moment. */
export interface TicketStatus {
  number: string;
  flow: { id: string; version: number; hash: string; title: string };
  subject: string;
  customer: string;
  /** The customer's name, for addressing them (portal, messages). */
  customerName?: string;
  /** The customer's language (`de`, `en`, `pl`), when known. */
  language?: string;
  priority: string;
  state: string;
  stateTitle: string;
  kind: 'working' | 'waiting' | 'final';
  tier?: Tier;
  assignee?: string;
  slaStatus: SlaStatus;
  /** The next due instant of any running clock: every open ticket has one. */
  dueAt?: string;
  clocks: ClockStatus[];
  allowedEvents: AllowedEvent[];
  fields: Record<string, unknown>;
}
