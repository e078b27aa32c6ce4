import type { FlowDefinition } from '../flow/definition';
import type { BusinessCalendar } from '../sla/business-calendar';
import type { TicketEventInput, TicketInfo, TimelineEntry } from '../ticket/types';
import { EngineTicket } from './engine-ticket';
import type { Observation } from './observation';
import type { TicketUnderTest } from './ticket-under-test';

/** The engine side of a double run: an engine ticket on a clock of its own that only time steps move. */
export class EngineUnderTest implements TicketUnderTest {
  readonly side = 'engine' as const;
  private ticket: EngineTicket | undefined;
  private now: number;

  constructor(
    private readonly flow: FlowDefinition,
    private readonly calendar: BusinessCalendar,
    private readonly info: TicketInfo,
    startAt: number,
  ) {
    this.now = startAt;
  }

  async open(): Promise<number> {
    this.ticket = EngineTicket.open(this.flow, this.calendar, this.info, this.now);
    return Promise.resolve(this.now);
  }

  async send(event: TicketEventInput): Promise<{ at: number; refusal?: string }> {
    const refusal = this.opened().send(event, this.now);
    return Promise.resolve({ at: this.now, ...(refusal !== undefined ? { refusal } : {}) });
  }

  quietUntil(_horizon: () => number): void {
    // An engine ticket has a clock of its own; nobody else's time can disturb it.
  }

  async advanceTo(at: number): Promise<void> {
    this.now = Math.max(this.now, at);
    this.opened().advanceTo(this.now);
    return Promise.resolve();
  }

  async observe(_expected: Observation, refused: boolean): Promise<Observation> {
    return Promise.resolve(this.opened().observe(this.now, refused));
  }

  async timeline(): Promise<TimelineEntry[]> {
    return Promise.resolve(this.ticket?.timeline() ?? []);
  }

  async leftovers(): Promise<{ notifications: string[]; assignments: string[] }> {
    // Everything an engine does happens inside the step; nothing can arrive later.
    return Promise.resolve({ notifications: [], assignments: [] });
  }

  async close(): Promise<void> {
    return Promise.resolve();
  }

  private opened(): EngineTicket {
    if (!this.ticket) throw new Error('ticket not opened');
    return this.ticket;
  }
}
