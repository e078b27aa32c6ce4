import { evaluateCondition } from '../../flow/condition';
import type { FlowDefinition, StateDefinition } from '../../flow/definition';
import type { Action, Tier } from '../../flow/schema';
import type { BusinessCalendar } from '../../sla/business-calendar';
import type { TicketEventInput, TicketInfo, TicketStatus } from '../../ticket/types';
import { eventTransitionId } from '../flow-transitions';
import { pickModelAgent } from '../model-agents';
import type { TimeStep } from '../model-step';
import { observationOf } from '../observation';
import type { Observation } from '../observation';
import { isActive, isRunning, newClock, pause, pendingAlarms, resume, stop } from './reference-clock';
import type { ModelAlarm, ModelClock } from './reference-clock';
import { payloadRefusal } from './reference-payload';
import { assignmentReason, stepTemplate } from './step-rules';
import type { StepOrigin } from './step-rules';
import { clockViews, dueAtOf, overallStatus } from './model-status';

/** Who gets a ticket of a tier: the test world's directory (the same one the test worker uses). */
export type AgentPicker = (tier: Tier, exclude: readonly string[]) => string | undefined;

/** How far past a due instant time steps go, so the breach has surely fired on a server that measured its own clock start a moment later. */
export const TIME_STEP_MARGIN_MS = 1000;

/** The longest a `wait` step lets time pass. */
export const MAX_WAIT_MS = 24 * 60 * 60 * 1000;

/** A pending `after` timeout of the current state. */
interface ModelDelay {
  state: string;
  delayMs: number;
  dueAt: number;
}

/** Everything the model knows about a ticket: plain data, so a ticket is cloned by copying it. */
interface ModelData {
  state: string;
  fields: Record<string, unknown>;
  priority: string;
  /** Tier of the last working state, shown while the ticket waits or after it closed. */
  lastTier?: Tier;
  /** Tier the ticket was last routed to. */
  routedTier?: Tier;
  owner?: { agent: string; tier: Tier };
  /** The first response happened (the ticket left its first state). */
  responded: boolean;
  clocks: ModelClock[];
  delays: ModelDelay[];
  /** What the steps since the last observation caused. */
  notifications: string[];
  assignments: string[];
  assigned: string[];
  transitions: string[];
}

/**
 * The independent model of `sopflow test`: a small interpreter of a flow definition written
 * from the README's rules (states, tiers, the customer's status mails and their templates,
 * entry and transition actions, assignment on every change of tier, clocks that run in working
 * states, pause while waiting and stop when done, warnings, breaches and their actions, `after`
 * timeouts). It shares no code with `src/ticket/` or `src/sla/clock.ts`: only the flow types,
 * the condition language and the business-calendar arithmetic. The engine run and the workflow
 * run are both compared with what this model predicts.
 */
export class ModelTicket {
  private constructor(
    readonly flow: FlowDefinition,
    readonly calendar: BusinessCalendar,
    readonly ticket: TicketInfo,
    private readonly pick: AgentPicker,
    private data: ModelData,
  ) {}

  /** A new ticket, opened at `at`: the ticket-wide clocks start and the first state is entered. */
  static open(flow: FlowDefinition, calendar: BusinessCalendar, ticket: TicketInfo, at: number, pick: AgentPicker = pickModelAgent): ModelTicket {
    const initial = flow.states[flow.initial];
    if (!initial) throw new Error(`flow '${flow.id}' has no initial state '${flow.initial}'`);
    const model = new ModelTicket(flow, calendar, ticket, pick, {
      state: initial.name,
      fields: { ...ticket.fields },
      priority: ticket.priority,
      responded: false,
      clocks: [],
      delays: [],
      notifications: [],
      assignments: [],
      assigned: [],
      transitions: [],
    });
    const first = flow.sla.firstResponse?.[ticket.priority];
    if (first !== undefined) model.data.clocks.push(newClock('first_response', 'first_response', first, flow.sla.warnAt, at));
    const resolution = flow.sla.resolution?.[ticket.priority];
    if (resolution !== undefined) model.data.clocks.push(newClock('resolution', 'resolution', resolution, flow.sla.warnAt, at));
    model.moveClocks(initial, at);
    model.startDelays(initial, at);
    model.act(undefined, initial, initial.entry, 'received');
    return model;
  }

  /** Name of the current state. */
  get stateName(): string {
    return this.data.state;
  }

  /** True in a final state. */
  get isDone(): boolean {
    return this.current().kind === 'final';
  }

  /** The ticket's fields (what conditions read). */
  fields(): Readonly<Record<string, unknown>> {
    return this.data.fields;
  }

  /** A copy that can be advanced without touching this one. */
  clone(): ModelTicket {
    return new ModelTicket(this.flow, this.calendar, this.ticket, this.pick, structuredClone(this.data));
  }

  /** Why the model refuses `event` now, or undefined when it takes it. */
  refusal(event: TicketEventInput): string | undefined {
    const state = this.current();
    if (state.kind === 'final') return `the ticket is closed in ${state.name}`;
    if (!(event.type in this.flow.events)) return `${event.type} is not an event of ${this.flow.id}`;
    const problem = payloadRefusal(this.flow, event.type, event.data ?? {});
    if (problem) return `${event.type}: ${problem}`;
    if (!state.on[event.type]) return `${event.type} is not accepted in ${state.name}`;
    if (this.candidate(event) < 0) return `${event.type}: no condition holds in ${state.name}`;
    return undefined;
  }

  /** Lets time pass until `at`, then applies the event unless the model refuses it. */
  send(event: TicketEventInput, at: number): { refusal?: string } {
    this.advanceTo(at);
    return this.apply(event, at);
  }

  /** Lets time pass until `at`: warnings, breaches and timeouts due by then happen, in time order. */
  advanceTo(at: number): void {
    for (let guard = 0; guard < 1000 && !this.isDone; guard++) {
      const alarm = this.nextAlarm();
      const delay = this.nextDelay();
      const alarmDue = alarm && alarm.at <= at ? alarm : undefined;
      const delayDue = delay && delay.dueAt <= at ? delay : undefined;
      if (!alarmDue && !delayDue) return;
      if (alarmDue && (!delayDue || alarmDue.at <= delayDue.dueAt)) this.fireAlarm(alarmDue);
      else if (delayDue) this.fireDelay(delayDue);
    }
  }

  /** The next instant at which something is due, if anything is. */
  nextWakeAt(): number | undefined {
    const instants = [...this.data.delays.map((delay) => delay.dueAt), ...this.alarms().map((alarm) => alarm.at)];
    return instants.length ? Math.min(...instants) : undefined;
  }

  /**
   * The instant a time step goes to: just past the current state's due instant for an SLA
   * breach, just past the pending timeout for `after`; undefined when nothing of the kind is
   * pending (the step cannot happen here); for a wait, half the time to the next due instant
   * (nothing fires), at most `MAX_WAIT_MS`.
   */
  timeStepTarget(step: TimeStep, now: number): number | undefined {
    let due: number | undefined;
    if (step.kind === 'wait') {
      const next = this.nextWakeAt();
      return now + (next === undefined ? MAX_WAIT_MS : Math.max(0, Math.min(MAX_WAIT_MS, Math.floor((next - now) / 2))));
    }
    if (step.kind === 'sla') {
      const clock = this.data.clocks.find((candidate) => candidate.kind === 'state_due' && candidate.state === this.data.state && isRunning(candidate) && !candidate.breachAnnounced);
      due = clock ? pendingAlarms(clock, this.calendar).find((alarm) => alarm.kind === 'breach')?.at : undefined;
    } else {
      due = this.data.delays.find((delay) => delay.state === this.data.state && delay.delayMs === step.delayMs)?.dueAt;
    }
    return due === undefined ? undefined : Math.max(now, due + TIME_STEP_MARGIN_MS);
  }

  /**
   * The earliest instant a timer of this ticket could fire while `events` are applied from `at`
   * on: a copy takes the events and reports its earliest wake-up after each.
   */
  quietUntil(events: readonly TicketEventInput[], at: number): number {
    const copy = this.clone();
    let earliest = copy.nextWakeAt() ?? Infinity;
    for (const event of events) {
      copy.apply(event, at);
      earliest = Math.min(earliest, copy.nextWakeAt() ?? Infinity);
    }
    return earliest;
  }

  /** What the ticket looks like at `at` and what the steps since the last observation caused; starts a new observation. */
  observe(at: number, refused: boolean): Observation {
    const status = this.status(at);
    const observation = observationOf(status, refused, this.data);
    this.data.notifications = [];
    this.data.assignments = [];
    this.data.assigned = [];
    return observation;
  }

  /** Flow transitions taken since the last call (ids of `flowTransitions`), for coverage. */
  takeTransitions(): string[] {
    const taken = this.data.transitions;
    this.data.transitions = [];
    return taken;
  }

  /** The model's full view of the ticket at `at`. */
  status(at: number): TicketStatus {
    const state = this.current();
    const tier = state.tier ?? this.data.lastTier;
    const dueAt = dueAtOf(this.data.clocks, this.calendar, at);
    return {
      number: this.ticket.number,
      flow: { id: this.flow.id, version: this.flow.version, hash: this.flow.hash, title: this.flow.title },
      subject: this.ticket.subject,
      customer: this.ticket.customer.id,
      priority: this.data.priority,
      state: state.name,
      stateTitle: state.title,
      kind: state.kind,
      ...(tier ? { tier } : {}),
      ...(this.data.owner ? { assignee: this.data.owner.agent } : {}),
      slaStatus: overallStatus(this.data.clocks, this.calendar, at, state.kind === 'final'),
      ...(dueAt !== undefined ? { dueAt: new Date(dueAt).toISOString() } : {}),
      clocks: clockViews(this.data.clocks, this.calendar, at),
      allowedEvents: state.kind === 'final' ? [] : Object.keys(state.on).map((type) => allowedEvent(this.flow, type)),
      fields: this.data.fields,
    };
  }

  private current(): StateDefinition {
    const state = this.flow.states[this.data.state];
    if (!state) throw new Error(`flow '${this.flow.id}' has no state '${this.data.state}'`);
    return state;
  }

  /** Index of the transition `event` takes: the first whose condition holds; -1 for none. */
  private candidate(event: TicketEventInput): number {
    const candidates = this.current().on[event.type] ?? [];
    return candidates.findIndex((candidate) => !candidate.when || evaluateCondition(candidate.when, { fields: this.data.fields, event: event.data ?? {} }));
  }

  /** Applies an event at `at` without letting time pass first. */
  private apply(event: TicketEventInput, at: number): { refusal?: string } {
    const refusal = this.refusal(event);
    if (refusal !== undefined) return { refusal };
    const from = this.current();
    const index = this.candidate(event);
    const transition = from.on[event.type]![index]!;
    this.data.transitions.push(eventTransitionId(from.name, event.type, index));
    this.take(transition.target, transition.actions, event.data ?? {}, at);
    return {};
  }

  /**
   * Takes a transition: the event's payload becomes ticket fields, then the transition's actions
   * run, and on a change of state the clocks and timeouts follow and the new state's entry
   * actions run. A transition to the state itself leaves and re-enters nothing.
   */
  private take(target: string | undefined, actions: readonly Action[], data: Readonly<Record<string, unknown>>, at: number): void {
    const from = this.current();
    const to = target === undefined ? from : this.flow.states[target];
    if (!to) throw new Error(`flow '${this.flow.id}' has no state '${target}'`);
    if (Object.keys(data).length > 0) this.data.fields = { ...this.data.fields, ...data };
    const changed = to.name !== from.name;
    if (changed) {
      this.data.state = to.name;
      if (!this.data.responded && from.name === this.flow.initial) {
        this.data.responded = true;
        for (const clock of this.data.clocks) if (clock.kind === 'first_response') stop(clock, at);
      }
      this.data.delays = this.data.delays.filter((delay) => delay.state !== from.name);
      this.moveClocks(to, at);
      this.startDelays(to, at);
    }
    const origin = { tier: from.tier ?? this.data.lastTier };
    this.act(origin, to, changed ? [...actions, ...to.entry] : actions, changed ? stepTemplate(origin, to) : undefined);
  }

  /** Clocks on entering `to`: all stop in a final state, pause in a waiting one; at work the ticket-wide clocks and `to`'s own run, other states' stop. */
  private moveClocks(to: StateDefinition, at: number): void {
    const clocks = this.data.clocks;
    if (to.kind === 'final') {
      for (const clock of clocks) stop(clock, at);
      return;
    }
    if (to.kind === 'waiting') {
      for (const clock of clocks) pause(clock, at);
      return;
    }
    for (const clock of clocks) {
      if (!isActive(clock)) continue;
      if (clock.kind !== 'state_due' || clock.state === to.name) resume(clock, at);
      else stop(clock, at);
    }
    const due = to.sla?.due[this.data.priority];
    if (due !== undefined && !clocks.some((clock) => clock.kind === 'state_due' && clock.state === to.name && isActive(clock))) {
      const earlier = clocks.filter((clock) => clock.state === to.name).length;
      clocks.push(newClock(`${to.name}${earlier ? `#${earlier + 1}` : ''}`, 'state_due', due, to.sla!.warnAt, at, to.name));
    }
  }

  private startDelays(state: StateDefinition, at: number): void {
    for (const timeout of state.after) this.data.delays.push({ state: state.name, delayMs: timeout.delayMs, dueAt: at + timeout.delayMs });
  }

  /**
   * What a step causes: its notify actions (an action without a template uses the step's), the
   * customer's status mail unless an action already mailed them, the owner picks of its assign
   * actions, or, entering a working state of a tier the ticket is not routed to, one pick for it.
   */
  private act(from: StepOrigin | undefined, to: StateDefinition, actions: readonly Action[], template: string | undefined): void {
    let customerMailed = false;
    const picks: Array<{ tier: Tier; reason: string }> = [];
    for (const action of actions) {
      if ('notify' in action) {
        this.notify(action.template ?? template ?? 'status_changed', action.notify);
        if (action.notify === 'customer') customerMailed = true;
      } else if ('assign' in action) {
        picks.push({ tier: action.assign, reason: assignmentReason(from, action.assign) });
      } else {
        this.data.fields = { ...this.data.fields, [action.set.field]: action.set.value };
      }
    }
    if (template !== undefined && !customerMailed) this.notify(template, 'customer');
    if (to.kind === 'working' && to.tier) {
      if (picks.length === 0 && to.tier !== (this.data.routedTier ?? this.data.owner?.tier)) picks.push({ tier: to.tier, reason: assignmentReason(from, to.tier) });
      this.data.routedTier = to.tier;
      this.data.lastTier = to.tier;
    }
    for (const pick of picks) this.assign(pick.tier, pick.reason);
  }

  /** An owner pick: a new owner is told, and the customer too when someone else had the ticket. */
  private assign(tier: Tier, reason: string): void {
    this.data.assignments.push(tier);
    // A closed ticket has no owner to tell.
    if (this.isDone) return;
    const agent = this.pick(tier, []);
    if (agent === undefined) {
      this.notify('assignment_failed', 'team');
      return;
    }
    if (agent === this.data.owner?.agent) return;
    const previous = this.data.owner;
    this.data.owner = { agent, tier };
    this.data.assigned.push(reason);
    this.notify('assigned', 'assignee');
    if (previous) this.notify('reassigned', 'customer');
  }

  private notify(template: string, audience: string): void {
    this.data.notifications.push(`${template}/${audience}`);
  }

  private alarms(): ModelAlarm[] {
    return this.data.clocks.flatMap((clock) => pendingAlarms(clock, this.calendar));
  }

  /** The earliest alarm; of alarms at the same instant, the one of the clock started first. */
  private nextAlarm(): ModelAlarm | undefined {
    let best: ModelAlarm | undefined;
    for (const alarm of this.alarms()) if (!best || alarm.at < best.at) best = alarm;
    return best;
  }

  private nextDelay(): ModelDelay | undefined {
    let best: ModelDelay | undefined;
    for (const delay of this.data.delays) if (!best || delay.dueAt < best.dueAt) best = delay;
    return best;
  }

  /**
   * A warning tells the team; a breach tells the team and the escalation manager and, for the
   * current state's own due date, performs the state's breach action at the due instant.
   */
  private fireAlarm(alarm: ModelAlarm): void {
    const clock = alarm.clock;
    if (alarm.kind === 'warning') {
      clock.warned.push(alarm.percent!);
      this.notify('sla_warning', 'team');
      return;
    }
    clock.breachAnnounced = true;
    clock.warned = [...clock.warnAt];
    this.notify('sla_breached', 'team');
    this.notify('sla_breached', 'escalation_manager');
    const state = this.current();
    const breach = state.sla?.onBreach;
    if (clock.kind !== 'state_due' || clock.state !== state.name || !breach) return;
    this.data.transitions.push(`${state.name}.sla.breach`);
    if (breach.kind === 'goto') this.take(breach.target, [], {}, alarm.at);
    else this.take(undefined, [{ notify: breach.audience, template: 'sla_breached' }], {}, alarm.at);
  }

  /** A timeout of the current state: its transition is taken if its condition holds. */
  private fireDelay(delay: ModelDelay): void {
    this.data.delays = this.data.delays.filter((pending) => pending !== delay);
    const state = this.current();
    const timeout = state.after.find((candidate) => candidate.delayMs === delay.delayMs);
    if (delay.state !== state.name || !timeout) return;
    if (timeout.transition.when && !evaluateCondition(timeout.transition.when, { fields: this.data.fields, event: {} })) return;
    this.data.transitions.push(`${state.name}.after.${timeout.label}`);
    this.take(timeout.transition.target, timeout.transition.actions, {}, delay.dueAt);
  }
}

function allowedEvent(flow: FlowDefinition, type: string): TicketStatus['allowedEvents'][number] {
  const spec = flow.events[type] ?? {};
  const fields: TicketStatus['allowedEvents'][number]['fields'] = {};
  for (const [name, field] of Object.entries(spec.fields ?? {})) {
    fields[name] = { type: field.type, required: field.required ?? false, ...(field.choices ? { choices: field.choices } : {}) };
  }
  return { type, ...(spec.title ? { title: spec.title } : {}), fields };
}
