/** Who a notification is for; decides channels and recipients. */
export type Audience = 'customer' | 'team' | 'assignee' | 'escalation_manager';

/** The audiences, for validation and iteration. */
export const AUDIENCES: readonly Audience[] = ['customer', 'team', 'assignee', 'escalation_manager'];

/** What the workflow asks the `notify` activity to send. Plain data so it survives Temporal serialization. */
export interface NotificationRequest {
  /** `${ticketNumber}:${transitionSeq}:${kind}:${audience}`, built by the workflow; the same key never sends twice. */
  idempotencyKey: string;
  /** Template kind, e.g. 'status_changed'. */
  kind: string;
  audience: Audience;
  ticket: {
    number: string;
    subject: string;
    priority: string;
    flowId: string;
    flowTitle: string;
    state: string;
    stateTitle: string;
    /** The state's title per language, when the flow writes one per language. */
    stateTitles?: Partial<Record<string, string>>;
    tier?: string;
    /** Agent id (or name) of the current owner. */
    assignee?: string;
    /** Agent id (or name) of the owner before a hand-over. */
    previousAssignee?: string;
    /** ISO instant the SLA is due. */
    dueAt?: string;
    slaStatus: string;
    /** IANA zone of the ticket's business calendar; dates in messages use it. */
    timeZone?: string;
    customer: { id: string; name?: string; email?: string; phone?: string; language?: string };
    /** Addresses whose mail from this ticket bounced (intake recorded a delivery failure report): not mailed again. */
    bouncedAddresses?: string[];
  };
  /** Why: escalation, absence, sla_breach … or free text. */
  reason?: string;
  /** Flow event that caused this notification. */
  event?: string;
  /** Text of the customer message that caused this notification (staff messages only). */
  message?: string;
}

/** One message that reached (or already had reached) a recipient. */
export interface Delivery {
  channel: string;
  recipient: string;
  messageId?: string;
  /**
   * Sent again because an earlier attempt was cut off after it began and before its outcome was
   * recorded: the recipient may now hold two copies with the same Message-ID.
   */
  resentAfterUnknownOutcome?: boolean;
}

/** A recipient the activity did not send to, and why. */
export interface SkippedDelivery {
  channel: string;
  recipient: string;
  why: string;
}

/** What `notify` did. */
export interface NotificationResult {
  delivered: Delivery[];
  skipped: SkippedDelivery[];
}
