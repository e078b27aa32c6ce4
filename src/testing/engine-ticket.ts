import type { FlowDefinition } from '../flow/definition';
import type { BusinessCalendar } from '../sla/business-calendar';
import { EventRefusedError, TicketEngine } from '../ticket/engine';
import type { EngineEffect } from '../ticket/engine';
import type { TicketEventInput, TicketInfo, TicketStatus, TimelineEntry } from '../ticket/types';
import { pickModelAgent } from './model-agents';
import { observationOf, ownerChangesIn } from './observation';
import type { Observation } from './observation';

/**
 * The engine side under test: a ticket engine with a host that does what the workflow does
 * with effects, synchronously: notifications are recorded, owners picked (by `pickModelAgent`,
 * the test world's directory) and recorded at once. What it observes is compared with the
 * independent model (`reference/model-ticket.ts`), never with another engine.
 */
export class EngineTicket {
  private notifications: string[] = [];
  private assignments: string[] = [];
  private seenTimeline = 0;

  private constructor(readonly engine: TicketEngine) {}

  /** Opens a ticket at `at`. */
  static open(flow: FlowDefinition, calendar: BusinessCalendar, ticket: TicketInfo, at: number): EngineTicket {
    const { engine, effects } = TicketEngine.open(flow, calendar, ticket, at);
    const host = new EngineTicket(engine);
    host.perform(effects, at);
    return host;
  }

  /** Fires what is due by `at`, then applies the event (refusals change nothing); returns the refusal, if any. */
  send(event: TicketEventInput, at: number): string | undefined {
    this.perform(this.engine.fireDue(at), at);
    try {
      this.perform(this.engine.send(event, at), at);
      return undefined;
    } catch (error) {
      if (!(error instanceof EventRefusedError)) throw error;
      return error.message;
    }
  }

  /** Lets time pass until `at`. */
  advanceTo(at: number): void {
    this.perform(this.engine.fireDue(at), at);
  }

  /** The observation after a step, handing over what the step caused. */
  observe(at: number, refused: boolean): Observation {
    const status = this.engine.status(at);
    const timeline = this.engine.getTimeline();
    const assigned = ownerChangesIn(timeline.slice(this.seenTimeline));
    this.seenTimeline = timeline.length;
    const observation = observationOf(status, refused, { notifications: this.notifications, assignments: this.assignments, assigned });
    this.notifications = [];
    this.assignments = [];
    return observation;
  }

  /** Status at `at`. */
  status(at: number): TicketStatus {
    return this.engine.status(at);
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
        queue.push(...(agent ? this.engine.recordAssignment(agent, effect.tier, effect.reason, at) : this.engine.assignmentFailed(effect.tier, `nobody left in ${effect.tier}`, at)));
      }
    }
  }
}
