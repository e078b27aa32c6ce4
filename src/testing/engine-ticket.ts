import type { FlowDefinition } from '../flow/definition';
import type { BusinessCalendar } from '../sla/business-calendar';
import { EventRefusedError, TicketEngine } from '../ticket/engine';
import type { EngineEffect } from '../ticket/engine';
import type { TicketEventInput, TicketInfo, TicketStatus, TimelineEntry } from '../ticket/types';
import { afterEventType } from './flow-transitions';
import { pickModelAgent } from './model-agents';
import type { ModelStep } from './model-step';
import type { Observation } from './observation';

/** What one step did to an engine ticket. */
export interface EngineStepOutcome {
  at: number;
  refusal?: string;
  /** Timeline entries the step added. */
  entries: TimelineEntry[];
}

/** How far past a due instant time steps go, so the breach has surely fired on a server that measured its own clock start a moment later. */
export const TIME_STEP_MARGIN_MS = 1000;

/**
 * A ticket engine with a host that does what the workflow does with effects, synchronously:
 * notifications are recorded, assignments picked (by `pickModelAgent`) and recorded at once.
 * It is the model of model-based tests, and the engine side under test.
 */
export class EngineTicket {
  private notifications: string[] = [];
  private assignments: string[] = [];
  private lastAt: number;

  private constructor(readonly engine: TicketEngine, at: number) {
    this.lastAt = at;
  }

  /** Opens a ticket at `at`. */
  static open(flow: FlowDefinition, calendar: BusinessCalendar, ticket: TicketInfo, at: number): { ticket: EngineTicket; outcome: EngineStepOutcome } {
    const { engine, effects } = TicketEngine.open(flow, calendar, ticket, at);
    const host = new EngineTicket(engine, at);
    host.perform(effects, at);
    return { ticket: host, outcome: { at, entries: [...engine.getTimeline()] } };
  }

  /** Fires what is due by `at`, then applies the event (refusals change nothing). */
  send(event: TicketEventInput, at: number): EngineStepOutcome {
    const before = this.engine.getTimeline().length;
    this.lastAt = at;
    this.perform(this.engine.fireDue(at), at);
    let refusal: string | undefined;
    try {
      this.perform(this.engine.send(event, at), at);
    } catch (error) {
      if (!(error instanceof EventRefusedError)) throw error;
      refusal = error.message;
    }
    return { at, ...(refusal !== undefined ? { refusal } : {}), entries: this.engine.getTimeline().slice(before) };
  }

  /** Lets time pass until `at`. */
  advanceTo(at: number): EngineStepOutcome {
    const before = this.engine.getTimeline().length;
    this.lastAt = at;
    this.perform(this.engine.fireDue(at), at);
    return { at, entries: this.engine.getTimeline().slice(before) };
  }

  /**
   * The instant a time step goes to: just past the current state's due date for an SLA
   * breach, just past the pending timeout for `after`; undefined when nothing of the kind is
   * pending (the step cannot happen here).
   */
  timeStepTarget(step: Extract<ModelStep, { kind: 'sla' | 'after' }>, now: number): number | undefined {
    const state = this.engine.stateName;
    let due: number | undefined;
    if (step.kind === 'sla') {
      const clock = this.engine.status(now).clocks.find((view) => view.kind === 'state_due' && view.state === state && view.dueAt && view.status !== 'breached');
      due = clock?.dueAt ? Date.parse(clock.dueAt) : undefined;
    } else {
      due = this.engine.pendingDelays().find((delay) => delay.event === afterEventType(this.engine.flow, state, step.delayMs))?.dueAt;
    }
    return due === undefined ? undefined : Math.max(now, due + TIME_STEP_MARGIN_MS);
  }

  /**
   * The earliest instant a timer of this ticket could fire while `events` are applied from
   * `at` on: a copy of the engine takes the events and reports its earliest wake-up after each.
   * Applying them later only moves timers later, so time may skip freely before this instant.
   */
  quietUntil(events: readonly TicketEventInput[], at: number): number {
    const copy = TicketEngine.restore(this.engine.flow, this.engine.calendar, this.engine.ticket, structuredClone(this.engine.carry()));
    let earliest = copy.nextWakeAt() ?? Infinity;
    for (const event of events) {
      try {
        copy.send(event, at);
      } catch (error) {
        if (!(error instanceof EventRefusedError)) throw error;
      }
      earliest = Math.min(earliest, copy.nextWakeAt() ?? Infinity);
    }
    return earliest;
  }

  /** The observation after a step, handing over what the step caused. */
  observe(at: number, refused: boolean): Observation {
    const status = this.engine.status(at);
    const observation: Observation = {
      state: status.state,
      ...(status.tier ? { tier: status.tier } : {}),
      slaStatus: status.slaStatus,
      refused,
      notifications: [...this.notifications].sort(),
      assignments: [...this.assignments].sort(),
    };
    this.notifications = [];
    this.assignments = [];
    return observation;
  }

  /** Status at `at`. */
  status(at: number): TicketStatus {
    return this.engine.status(at);
  }

  /** The ticket's fields now (what later conditions see). */
  fields(): Record<string, unknown> {
    return this.engine.status(this.lastAt).fields;
  }

  /** The timeline so far. */
  timeline(): TimelineEntry[] {
    return this.engine.getTimeline();
  }

  private perform(effects: EngineEffect[], at: number): void {
    const queue = [...effects];
    for (let effect = queue.shift(); effect; effect = queue.shift()) {
      if (effect.kind === 'notify') {
        this.notifications.push(`${effect.template}/${effect.audience}`);
      } else {
        this.assignments.push(effect.tier);
        const agent = pickModelAgent(effect.tier, effect.exclude);
        if (agent) queue.push(...this.engine.recordAssignment(agent, effect.tier, effect.reason, at));
      }
    }
  }
}
