import { createActor, initialTransition, transition } from 'xstate';
import type { FlowDefinition, StateDefinition } from '../flow/definition';
import { compileMachine, SLA_BREACH_EVENT } from '../flow/machine';
import { isEscalation } from '../flow/tier';
import type { AssignParams, NotifyParams, TicketMachine } from '../flow/machine';
import type { Tier } from '../flow/schema';
import type { BusinessCalendar } from '../sla/business-calendar';
import { customerReason } from './customer-reason';
import { TicketClocks } from './ticket-clocks';
import type { CarriedClocks, ClockAlarm } from './ticket-clocks';
import { plainFields } from '../source/reserved-keys';
import { payloadProblems } from './payload';
import { priorityProblem } from './priority';
import type { AllowedEvent, CustomerMessageInput, HandAssignment, PriorityChange, TicketEventInput, TicketInfo, TicketStatus, TimelineEntry } from './types';

/**
 * The ticket engine: one ticket's machine, clocks, ownership and timeline, advanced by pure
 * calls that return the effects to perform. It never does I/O and never reads a clock: the
 * Temporal workflow passes `now` in and performs the effects (activities, timers); the
 * model-based tests run the same engine directly. Keeping this out of the workflow file is
 * what lets both agree by construction.
 */

/** Something the host must do after a step. */
export type EngineEffect =
  | { kind: 'notify'; seq: number; template: string; audience: NotifyParams['audience']; reason?: string; event?: string; message?: string }
  | { kind: 'assign'; seq: number; tier: Tier; skill?: string; reason: string; exclude: string[] };

/** A delayed machine event (`after:`), owned by the host as a durable timer. */
export interface PendingDelay {
  id: string;
  event: string;
  dueAt: number;
}

/** Everything needed to continue a ticket in a new run (continue-as-new) with nothing lost. */
export interface CarriedTicketState {
  persisted: unknown;
  timeline: TimelineEntry[];
  seq: number;
  assignee?: string;
  assigneeTier?: Tier;
  /** Tier the ticket was last routed to; an assignment for it may still be on its way. */
  routedTier?: Tier;
  /** Tier of the last working state, shown while the ticket waits or after it closed. */
  lastTier?: Tier;
  priority: string;
  delays: PendingDelay[];
  clocks: CarriedClocks;
  responded: boolean;
}

/**
 * Rules a host may hold back for tickets that started under an older engine. A Temporal
 * workflow passes `patched()` checks here, so a recorded history replays with the rule it ran
 * with; every other host gets today's rules.
 */
export interface EngineRules {
  /**
   * Whether a move out of a waiting state compares tiers with the tier the ticket waited for
   * (L1 -> waiting -> L2 is an escalation), as the reports and the linter do. Asked only for a
   * step out of a state without a tier of a ticket that has worked in one.
   */
  tierThroughWaiting(): boolean;
}

const TODAYS_RULES: EngineRules = { tierThroughWaiting: () => true };

/** Why an event was refused; nothing about the ticket changed. */
export class EventRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventRefusedError';
  }
}

/** The ticket is closed: refused like any event, but a channel may open a linked ticket instead. */
export class TicketClosedError extends EventRefusedError {
  constructor(message: string) {
    super(message);
    this.name = 'TicketClosedError';
  }
}

/** The longest customer message text kept in a ticket's history; longer text stays in the original. */
export const MAX_MESSAGE_TEXT = 32_000;

/** One ticket's engine. */
export class TicketEngine {
  readonly machine: TicketMachine;
  private snapshot!: ReturnType<TicketMachine['getInitialSnapshot']>;
  private timeline: TimelineEntry[] = [];
  private seq = 0;
  private assignee: string | undefined;
  private assigneeTier: Tier | undefined;
  private routedTier: Tier | undefined;
  private lastTier: Tier | undefined;
  private priority: string;
  private delays: PendingDelay[] = [];
  private readonly clocks: TicketClocks;
  private responded = false;
  // One workflow task asks for the status several times at one instant (each message, the owner
  // pick, the search attributes); every change records a timeline entry, so instant and `seq`
  // say whether the view is still current.
  private statusView: { at: number; seq: number; status: TicketStatus } | undefined;

  private constructor(
    readonly flow: FlowDefinition,
    readonly calendar: BusinessCalendar,
    readonly ticket: TicketInfo,
    carried: CarriedTicketState | undefined,
    private readonly rules: EngineRules,
  ) {
    this.machine = compileMachine(flow);
    this.priority = carried?.priority ?? ticket.priority;
    this.clocks = new TicketClocks(flow, calendar, carried?.clocks);
    if (carried) {
      this.snapshot = createActor(this.machine, {
        snapshot: carried.persisted as never,
        input: { priority: this.priority, fields: ticket.fields },
      }).getSnapshot();
      this.timeline = carried.timeline;
      this.seq = carried.seq;
      this.assignee = carried.assignee;
      this.assigneeTier = carried.assigneeTier;
      this.routedTier = carried.routedTier;
      this.lastTier = carried.lastTier;
      this.delays = carried.delays;
      this.responded = carried.responded;
    }
  }

  /** Opens a new ticket: enters the initial state and returns what to do about it. */
  static open(flow: FlowDefinition, calendar: BusinessCalendar, ticket: TicketInfo, now: number, rules: EngineRules = TODAYS_RULES): { engine: TicketEngine; effects: EngineEffect[] } {
    const engine = new TicketEngine(flow, calendar, ticket, undefined, rules);
    const [snapshot, actions] = initialTransition(engine.machine, { priority: ticket.priority, fields: ticket.fields });
    engine.snapshot = snapshot;
    const seq = engine.record(now, { kind: 'created', to: engine.stateName, actor: ticket.channel, data: { subject: ticket.subject, priority: ticket.priority } });
    engine.clocks.startTicket(engine.state, engine.priority, now);
    const effects = engine.afterStep(seq, undefined, actions, now, { template: 'received' });
    return { engine, effects };
  }

  /** Restores a ticket carried over from a previous run. */
  static restore(flow: FlowDefinition, calendar: BusinessCalendar, ticket: TicketInfo, carried: CarriedTicketState, rules: EngineRules = TODAYS_RULES): TicketEngine {
    return new TicketEngine(flow, calendar, ticket, carried, rules);
  }

  /** Name of the current state. */
  get stateName(): string {
    return String(this.snapshot.value);
  }

  /** Definition of the current state. */
  get state(): StateDefinition {
    return this.flow.states[this.stateName]!;
  }

  /** True once the ticket reached a final state. */
  get isDone(): boolean {
    return this.snapshot.status === 'done';
  }

  /** Why any change would be refused because the ticket is closed, or undefined while it is open. */
  closedRefusal(): string | undefined {
    return this.isDone ? `ticket ${this.ticket.number} is closed (state '${this.stateName}')` : undefined;
  }

  /** Why `event` would be refused now, or undefined when it would be accepted. Changes nothing. */
  refusal(event: TicketEventInput): string | undefined {
    if (this.isDone) return this.closedRefusal();
    if (!Object.hasOwn(this.flow.events, event.type)) {
      return `unknown event '${event.type}' for flow '${this.flow.id}'; allowed now: ${this.allowedEventNames().join(', ') || 'none'}`;
    }
    // The state first: a payload is worth checking only for an event the state takes at all.
    if ((this.state.on[event.type] ?? []).length === 0) {
      return `${event.type} is not accepted in state '${this.stateName}'; allowed now: ${this.allowedEventNames().join(', ') || 'none'}`;
    }
    const problems = payloadProblems(this.flow, event.type, event.data);
    if (problems.length) return `${event.type} refused: ${problems.join('; ')}`;
    if (!this.snapshot.can({ type: event.type, data: plainFields(event.data) })) {
      return `${event.type} refused in state '${this.stateName}': no condition of its transitions holds for this ticket and payload`;
    }
    return undefined;
  }

  /** Why a customer message would be refused now, or undefined when it would be accepted. */
  messageRefusal(message: CustomerMessageInput): string | undefined {
    if (this.isDone) return this.closedRefusal();
    if (typeof message.text !== 'string') return 'a message needs a text';
    if (message.text.trim() === '' && !message.attachments?.length) return 'the message is empty';
    if (message.text.length > MAX_MESSAGE_TEXT) return `the message text is longer than ${MAX_MESSAGE_TEXT} characters`;
    if (typeof message.channel !== 'string' || message.channel.trim() === '') return 'a message names its channel';
    return undefined;
  }

  /**
   * A message from the customer joins the discussion and the owner (or, without one, the team)
   * is told. When the current state declares `on_customer_reply`, the reply also sends that
   * event; in any other state it is a message only. Throws `TicketClosedError` for a closed
   * ticket and `EventRefusedError` for a bad message, with nothing changed.
   */
  customerMessage(message: CustomerMessageInput, now: number): { effects: EngineEffect[]; replyEvent?: string } {
    this.refuse(this.messageRefusal(message));
    const data: Record<string, unknown> = { text: message.text, channel: message.channel };
    if (message.from !== undefined) data.from = message.from;
    if (message.subject !== undefined) data.subject = message.subject;
    if (message.attachments?.length) data.attachments = message.attachments;
    if (message.original !== undefined) data.original = message.original;
    const seq = this.record(now, { kind: 'message', actor: 'customer', data, ...(message.thread ? { reason: message.thread } : {}) });
    const effects: EngineEffect[] = [
      { kind: 'notify', seq, template: 'customer_message', audience: this.assignee ? 'assignee' : 'team', message: message.text },
    ];
    // A new request that joined this ticket would otherwise get no answer at all: the customer
    // learns its number (old histories never carry the flag, so they replay unchanged).
    if (message.joinedOpenTicket === true) effects.push(...this.noteCustomerMessages([{ kind: 'notify', seq, template: 'request_joined', audience: 'customer' }]));
    const replyEvent = this.state.onCustomerReply;
    if (!replyEvent || this.refusal({ type: replyEvent }) !== undefined) return { effects };
    effects.push(...this.step({ type: replyEvent, data: {} }, now, 'customer'));
    return { effects, replyEvent };
  }

  /** Sequence number of the newest timeline entry. */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * Applies a client event. Throws `TicketClosedError` for a closed ticket (as messages,
   * assignments and priority changes do) or `EventRefusedError`, with nothing changed.
   */
  send(event: TicketEventInput, now: number): EngineEffect[] {
    this.refuse(this.refusal(event));
    return this.step({ type: event.type, data: plainFields(event.data) }, now, event.actor);
  }

  /** The next instant at which something is due: a clock alarm or a delayed event. */
  nextWakeAt(): number | undefined {
    const instants = [...this.delays.map((delay) => delay.dueAt)];
    const alarm = this.clocks.nextAlarm();
    if (alarm) instants.push(alarm.at);
    return instants.length ? Math.min(...instants) : undefined;
  }

  /** Fires everything due at or before `now`: clock warnings and breaches, delayed events. */
  fireDue(now: number): EngineEffect[] {
    const effects: EngineEffect[] = [];
    for (let guard = 0; guard < 100 && !this.isDone; guard++) {
      const alarm = this.clocks.nextAlarm();
      const delay = [...this.delays].sort((a, b) => a.dueAt - b.dueAt)[0];
      const alarmDue = alarm && alarm.at <= now ? alarm : undefined;
      const delayDue = delay && delay.dueAt <= now ? delay : undefined;
      if (!alarmDue && !delayDue) break;
      if (alarmDue && (!delayDue || alarmDue.at <= delayDue.dueAt)) {
        effects.push(...this.fireAlarm(alarmDue));
      } else if (delayDue) {
        this.delays = this.delays.filter((pending) => pending.id !== delayDue.id);
        effects.push(...this.step({ type: delayDue.event }, delayDue.dueAt, 'timer'));
      }
    }
    return effects;
  }

  /** Why a hand assignment would be refused now, or undefined when it would be accepted. Changes nothing. */
  assignmentRefusal(assignment: HandAssignment): string | undefined {
    if (this.isDone) return this.closedRefusal();
    if (typeof assignment.agent !== 'string' || assignment.agent.trim() === '') return 'an assignment names the agent who takes the ticket';
    return undefined;
  }

  /**
   * A person assigns the ticket: the agent owns it for the tier working it (L1 before any tier
   * did), and the actor is recorded. Throws `TicketClosedError` or `EventRefusedError`, with
   * nothing changed, when `assignmentRefusal` names a reason.
   */
  assignByHand(assignment: HandAssignment, now: number): { tier: Tier; effects: EngineEffect[] } {
    this.refuse(this.assignmentRefusal(assignment));
    const tier = this.currentTier() ?? 'L1';
    return { tier, effects: this.recordAssignment(assignment.agent, tier, assignment.reason ?? 'assigned by hand', now, assignment.actor) };
  }

  /** Records who owns the ticket now; tells the customer and the new owner. */
  recordAssignment(agent: string, tier: Tier, reason: string, now: number, actor?: string): EngineEffect[] {
    const previous = this.assignee;
    // A pick that arrives after the ticket closed changes nothing: a closed ticket has no owner to tell.
    if (previous === agent || this.isDone) return [];
    this.assignee = agent;
    this.assigneeTier = tier;
    const seq = this.record(now, { kind: 'assigned', agent, reason, ...(actor ? { actor } : {}), ...(previous ? { data: { previous } } : {}) });
    const effects: EngineEffect[] = [{ kind: 'notify', seq, template: 'assigned', audience: 'assignee', reason }];
    if (previous) effects.push({ kind: 'notify', seq, template: 'reassigned', audience: 'customer', reason });
    return this.noteCustomerMessages(effects);
  }

  /** Nobody could be assigned: recorded, and the team is asked to assign by hand. */
  assignmentFailed(tier: Tier, why: string, now: number): EngineEffect[] {
    const seq = this.record(now, { kind: 'note', reason: `no ${tier} agent could be assigned: ${why}` });
    return [{ kind: 'notify', seq, template: 'assignment_failed', audience: 'team', reason: `no ${tier} agent could be assigned: ${why}` }];
  }

  /**
   * Nobody in the tier is free now: the ticket waits in the tier's queue and gets the first
   * agent who is. The team hears it once per queue (`alertTeam`), not once per waiting ticket.
   */
  assignmentQueued(tier: Tier, why: string, alertTeam: boolean, now: number): EngineEffect[] {
    const reason = `waiting for an ${tier} owner: ${why}; assigned as soon as someone is free`;
    const seq = this.record(now, { kind: 'note', reason });
    return alertTeam ? [{ kind: 'notify', seq, template: 'assignment_failed', audience: 'team', reason }] : [];
  }

  /** The owner has become absent: find someone else in the same tier. */
  ownerAbsent(agent: string, now: number): EngineEffect[] {
    if (this.assignee !== agent || this.isDone) return [];
    const seq = this.record(now, { kind: 'note', agent, reason: `owner ${agent} is absent` });
    return [{ kind: 'assign', seq, tier: this.assigneeTier ?? this.state.tier ?? 'L1', reason: 'absence', exclude: [agent] }];
  }

  /** Why a priority change would be refused now, or undefined when it would be accepted. Changes nothing. */
  priorityRefusal(change: PriorityChange): string | undefined {
    return this.closedRefusal() ?? priorityProblem(this.flow, change.priority);
  }

  /**
   * Changes the priority: SLA targets and deadlines are recomputed from the recorded intervals.
   * Throws, with nothing changed, when `priorityRefusal` names a reason.
   */
  changePriority({ priority, actor }: PriorityChange, now: number): void {
    this.refuse(this.priorityRefusal({ priority }));
    if (priority === this.priority) return;
    this.record(now, { kind: 'priority_changed', data: { from: this.priority, to: priority }, ...(actor ? { actor } : {}) });
    this.priority = priority;
    this.clocks.changePriority(priority, now);
  }

  /** A customer who already has this ticket open got in touch again; the contact is recorded. */
  contactedAgain(channel: string, subject: string, now: number): void {
    this.record(now, { kind: 'contacted_again', actor: channel, data: { subject } });
  }

  /** Records that a notification could not be delivered for good. */
  notificationFailed(template: string, audience: string, reason: string, now: number): EngineEffect[] {
    const seq = this.record(now, { kind: 'notification_failed', reason, data: { template, audience } });
    return audience === 'team' && template === 'delivery_failed' ? [] : [{ kind: 'notify', seq, template: 'delivery_failed', audience: 'team', reason }];
  }

  /**
   * A mail to `address` bounced (a delivery status report arrived at intake): recorded on the
   * ticket, and the team is told, since the customer may not know about the ticket's progress.
   */
  deliveryBounced(address: string, reason: string, now: number): EngineEffect[] {
    const seq = this.record(now, { kind: 'notification_failed', reason, data: { template: 'bounce', audience: 'customer', address } });
    return [{ kind: 'notify', seq, template: 'delivery_failed', audience: 'team', reason }];
  }

  /** A status view for queries. */
  status(now: number): TicketStatus {
    const view = this.statusView;
    if (view && view.at === now && view.seq === this.seq) return view.status;
    const status = this.computeStatus(now);
    this.statusView = { at: now, seq: this.seq, status };
    return status;
  }

  private computeStatus(now: number): TicketStatus {
    const clocks = this.clocks.views(now);
    const due = clocks.filter((clock) => clock.dueAt && (clock.status === 'ok' || clock.status === 'warning' || clock.status === 'breached'));
    return {
      number: this.ticket.number,
      flow: { id: this.flow.id, version: this.flow.version, hash: this.flow.hash, title: this.flow.title },
      subject: this.ticket.subject,
      customer: this.ticket.customer.id,
      ...(this.ticket.customer.name ? { customerName: this.ticket.customer.name } : {}),
      ...(this.ticket.customer.language ? { language: this.ticket.customer.language } : {}),
      priority: this.priority,
      state: this.stateName,
      stateTitle: this.state.title,
      kind: this.state.kind,
      ...(this.currentTier() ? { tier: this.currentTier()! } : {}),
      ...(this.assignee ? { assignee: this.assignee } : {}),
      slaStatus: this.clocks.overallStatus(now, this.isDone, clocks),
      ...(due.length ? { dueAt: due.map((clock) => clock.dueAt!).sort()[0]! } : {}),
      clocks,
      allowedEvents: this.allowedEvents(),
      fields: this.snapshot.context.fields,
    };
  }

  /** The ticket's history. */
  getTimeline(): TimelineEntry[] {
    return this.timeline;
  }

  /** Pending delayed events. */
  pendingDelays(): PendingDelay[] {
    return this.delays;
  }

  /** State to carry into a new run. */
  carry(): CarriedTicketState {
    return {
      persisted: this.machine.getPersistedSnapshot(this.snapshot),
      timeline: this.timeline,
      seq: this.seq,
      ...(this.assignee ? { assignee: this.assignee } : {}),
      ...(this.assigneeTier ? { assigneeTier: this.assigneeTier } : {}),
      ...(this.routedTier ? { routedTier: this.routedTier } : {}),
      ...(this.lastTier ? { lastTier: this.lastTier } : {}),
      priority: this.priority,
      delays: this.delays,
      clocks: this.clocks.carry(),
      responded: this.responded,
    };
  }

  /** The tier working the ticket: the state's, or for a waiting state the tier it waits for. */
  currentTier(): Tier | undefined {
    return this.state.tier ?? this.lastTier;
  }

  /** Events the current state accepts, with the fields each takes. */
  allowedEvents(): AllowedEvent[] {
    if (this.isDone) return [];
    return Object.keys(this.state.on).map((type) => {
      const spec = this.flow.events[type] ?? {};
      const fields: AllowedEvent['fields'] = {};
      for (const [name, field] of Object.entries(spec.fields ?? {})) {
        fields[name] = { type: field.type, required: field.required ?? false, ...(field.choices ? { choices: field.choices } : {}) };
      }
      return { type, ...(spec.title ? { title: spec.title } : {}), fields };
    });
  }

  /** Throws a refusal: `TicketClosedError` for a closed ticket, else `EventRefusedError`. */
  private refuse(refusal: string | undefined): void {
    if (refusal) throw this.isDone ? new TicketClosedError(refusal) : new EventRefusedError(refusal);
  }

  private allowedEventNames(): string[] {
    return this.allowedEvents().map((event) => event.type);
  }

  private fireAlarm(alarm: ClockAlarm): EngineEffect[] {
    if (alarm.kind === 'warning') {
      const seq = this.record(alarm.at, { kind: 'sla_warning', clock: alarm.clockId, data: { percent: alarm.percent } });
      this.clocks.markWarned(alarm);
      return [{ kind: 'notify', seq, template: 'sla_warning', audience: 'team', reason: alarm.clockLabel }];
    }
    this.clocks.markBreached(alarm);
    const seq = this.record(alarm.at, { kind: 'sla_breached', clock: alarm.clockId, reason: alarm.clockLabel });
    const effects: EngineEffect[] = [
      { kind: 'notify', seq, template: 'sla_breached', audience: 'team', reason: alarm.clockLabel },
      { kind: 'notify', seq, template: 'sla_breached', audience: 'escalation_manager', reason: alarm.clockLabel },
    ];
    // Only a state's own due date moves the ticket; the ticket-wide clocks only alert.
    if (alarm.clockKind === 'state_due' && this.snapshot.can({ type: SLA_BREACH_EVENT })) {
      effects.push(...this.step({ type: SLA_BREACH_EVENT }, alarm.at, 'sla', `SLA breached: ${alarm.clockLabel}`));
    }
    return effects;
  }

  /** Runs one machine transition and turns its consequences into effects. */
  private step(event: { type: string; data?: Record<string, unknown> }, now: number, actor?: string, reason?: string): EngineEffect[] {
    const from = this.state;
    const [snapshot, actions] = transition(this.machine, this.snapshot, event as never);
    this.snapshot = snapshot;
    const to = this.state;
    const changed = from.name !== to.name;
    const data = event.data && Object.keys(event.data).length ? { data: event.data } : {};
    const seq = this.record(now, {
      kind: 'transition',
      event: event.type,
      from: from.name,
      to: to.name,
      ...(actor ? { actor } : {}),
      ...data,
      ...(reason ? { reason } : {}),
    });
    if (changed) {
      if (!this.responded && from.name === this.flow.initial) {
        this.responded = true;
        this.clocks.responded(now);
      }
      this.clocks.stateChanged(from, to, this.priority, now, this.isDone);
    }
    const fromTier = this.tierBefore(from);
    const escalated = changed && isEscalation(fromTier, to.tier);
    const why = customerReason(this.flow, event.type, event.data, reason);
    const template = !changed ? undefined : to.kind === 'final' ? 'resolved' : to.kind === 'waiting' ? 'waiting_for_you' : escalated ? 'escalated' : 'status_changed';
    return this.afterStep(seq, { tier: fromTier }, actions, now, template ? { template, ...(why ? { reason: why } : {}), event: event.type } : undefined);
  }

  /**
   * The tier the ticket worked in before a step from `from`: the state's own, or for a waiting
   * state the tier it waited for (its last working tier).
   */
  private tierBefore(from: StateDefinition): Tier | undefined {
    if (from.tier || !this.lastTier) return from.tier;
    return this.rules.tierThroughWaiting() ? this.lastTier : undefined;
  }

  /**
   * Turns the actions XState returned into effects: named `notify`/`assign` actions, delayed
   * events (timers the host owns) and their cancellations; then adds the customer's status
   * mail and the automatic assignment when the tier changed.
   */
  private afterStep(
    seq: number,
    from: MoveOrigin | undefined,
    actions: ReadonlyArray<{ type: string; params?: unknown }>,
    now: number,
    customerMail: { template: string; reason?: string; event?: string } | undefined,
  ): EngineEffect[] {
    const effects: EngineEffect[] = [];
    let customerNotified = false;
    let assigned = false;
    for (const action of actions) {
      const params = (action.params ?? {}) as Record<string, unknown>;
      if (action.type === 'notify') {
        const notify = params as unknown as NotifyParams;
        if (notify.audience === 'customer') customerNotified = true;
        effects.push({ kind: 'notify', seq, template: notify.template ?? customerMail?.template ?? 'status_changed', audience: notify.audience, ...(customerMail?.reason ? { reason: customerMail.reason } : {}) });
      } else if (action.type === 'assign') {
        const assign = params as unknown as AssignParams;
        assigned = true;
        effects.push({ kind: 'assign', seq, tier: assign.tier, ...(assign.skill ? { skill: assign.skill } : {}), reason: assignmentReason(from, assign.tier), exclude: [] });
      } else if (action.type === 'xstate.raise' && typeof params.delay === 'number') {
        const raised = params.event as { type: string };
        this.delays.push({ id: String(params.id), event: raised.type, dueAt: now + params.delay });
      } else if (action.type === 'xstate.cancel') {
        this.delays = this.delays.filter((delay) => delay.id !== String(params.sendId));
      }
    }
    if (customerMail && !customerNotified) {
      effects.push({ kind: 'notify', seq, template: customerMail.template, audience: 'customer', ...(customerMail.reason ? { reason: customerMail.reason } : {}), ...(customerMail.event ? { event: customerMail.event } : {}) });
    }
    const tier = this.state.tier;
    if (tier && this.state.kind === 'working') {
      if (!assigned && tier !== (this.routedTier ?? this.assigneeTier)) {
        effects.push({ kind: 'assign', seq, tier, reason: assignmentReason(from, tier), exclude: [] });
      }
      this.routedTier = tier;
      this.lastTier = tier;
    }
    return this.noteCustomerMessages(effects);
  }

  /**
   * Writes on each timeline entry which messages the customer is sent for it, so the portal
   * can show the discussion as the customer received it (rendered from the same templates).
   */
  private noteCustomerMessages(effects: EngineEffect[]): EngineEffect[] {
    for (const effect of effects) {
      if (effect.kind !== 'notify' || effect.audience !== 'customer') continue;
      const entry = this.timeline.find((candidate) => candidate.seq === effect.seq);
      if (entry) entry.customerMessages = [...(entry.customerMessages ?? []), effect.template];
    }
    return effects;
  }

  private record(now: number, entry: Omit<TimelineEntry, 'seq' | 'at'>): number {
    this.seq += 1;
    this.timeline.push({ seq: this.seq, at: new Date(now).toISOString(), ...entry });
    return this.seq;
  }
}

/** Where a step started, as far as an owner pick cares: the tier worked in before it. */
interface MoveOrigin {
  tier: Tier | undefined;
}

/** Why a ticket gets a new owner when it enters a state: it is new (no origin), it went up a tier, or it changed hands. */
function assignmentReason(from: MoveOrigin | undefined, tier: Tier): string {
  if (!from) return 'new ticket';
  return isEscalation(from.tier, tier) ? 'escalation' : 'handover';
}
