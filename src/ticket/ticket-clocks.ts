import type { FlowDefinition, StateDefinition } from '../flow/definition';
import { formatDuration } from '../flow/duration';
import type { BusinessCalendar } from '../sla/business-calendar';
import { changeTarget, clockView, nextClockInstants, pauseClock, resumeClock, startClock, stopClock } from '../sla/clock';
import type { SlaClockKind, SlaClockRecord } from '../sla/clock';
import type { ClockStatus, SlaStatus } from './types';

/** A warning or breach instant of one clock, due for firing. */
export interface ClockAlarm {
  at: number;
  kind: 'warning' | 'breach';
  percent?: number;
  clockId: string;
  clockKind: SlaClockKind;
  clockLabel: string;
}

/** The clocks of a ticket as carried across continue-as-new. */
export interface CarriedClocks {
  records: SlaClockRecord[];
  /** Alarms already fired, `clockId:percent` or `clockId:breach`. */
  fired: string[];
}

/**
 * The SLA clocks of one ticket: the ticket-wide first-response and resolution clocks, and a
 * due-date clock per working state. Clocks run in working states, pause in waiting states
 * and stop in final states; each clock's state is derived from its recorded intervals.
 */
export class TicketClocks {
  private records: SlaClockRecord[];
  private readonly fired: Set<string>;

  constructor(private readonly flow: FlowDefinition, private readonly calendar: BusinessCalendar, carried?: CarriedClocks) {
    this.records = carried ? [...carried.records] : [];
    this.fired = new Set(carried?.fired ?? []);
  }

  /** Starts the ticket-wide clocks and the initial state's clock. */
  startTicket(initial: StateDefinition, priority: string, at: number): void {
    const first = this.flow.sla.firstResponse?.[priority];
    if (first !== undefined) this.start('first_response', 'first_response', first, this.flow.sla.warnAt, at);
    const resolution = this.flow.sla.resolution?.[priority];
    if (resolution !== undefined) this.start('resolution', 'resolution', resolution, this.flow.sla.warnAt, at);
    this.stateChanged(undefined, initial, priority, at, false);
  }

  /** The first response happened: its clock stops. */
  responded(at: number): void {
    this.update((clock) => (clock.kind === 'first_response' ? stopClock(clock, this.calendar, at) : clock));
  }

  /**
   * Moves clocks along with a state change. Whether a clock can still pause, resume, stop or
   * take a new target is the SLA clock module's rule (a stopped clock stays as it was judged),
   * so this only says which clocks a state change concerns.
   */
  stateChanged(from: StateDefinition | undefined, to: StateDefinition, priority: string, at: number, done: boolean): void {
    if (done || to.kind === 'final') {
      this.update((clock) => stopClock(clock, this.calendar, at));
      return;
    }
    if (to.kind === 'waiting') {
      this.update((clock) => pauseClock(clock, at));
      return;
    }
    // Back at work: ticket-wide clocks resume; a state's own clock resumes only in that state.
    this.update((clock) =>
      clock.kind !== 'state_due' || clock.state === to.name ? resumeClock(clock, at) : stopClock(clock, this.calendar, at),
    );
    const due = to.sla?.due[priority];
    // Every other state's clock was stopped just above, so an active one is this state's own.
    const hasOwn = this.records.some((clock) => clock.kind === 'state_due' && active(clock));
    if (due !== undefined && !hasOwn && from?.name !== to.name) {
      const count = this.records.filter((clock) => clock.state === to.name).length;
      this.start(`${to.name}${count ? `#${count + 1}` : ''}`, 'state_due', due, to.sla!.warnAt, at, to.name);
    }
  }

  /** A new priority: every open clock gets that priority's target; elapsed time is kept. A state's own clock always names its state. */
  changePriority(priority: string, _at: number): void {
    this.update((clock) => {
      const target =
        clock.kind === 'first_response'
          ? this.flow.sla.firstResponse?.[priority]
          : clock.kind === 'resolution'
            ? this.flow.sla.resolution?.[priority]
            : this.flow.states[clock.state!]?.sla?.due[priority];
      return target === undefined ? clock : changeTarget(clock, target);
    });
  }

  /** The earliest alarm not yet fired. */
  nextAlarm(): ClockAlarm | undefined {
    let best: ClockAlarm | undefined;
    for (const clock of this.records) {
      for (const instant of nextClockInstants(clock, this.calendar)) {
        const key = instant.kind === 'breach' ? `${clock.id}:breach` : `${clock.id}:${instant.percent}`;
        if (this.fired.has(key)) continue;
        if (!best || instant.at < best.at) {
          best = {
            at: instant.at,
            kind: instant.kind,
            ...(instant.kind === 'warning' ? { percent: instant.percent } : {}),
            clockId: clock.id,
            clockKind: clock.kind,
            clockLabel: this.label(clock),
          };
        }
      }
    }
    return best;
  }

  /** Remembers that a warning fired. */
  markWarned(alarm: ClockAlarm): void {
    this.fired.add(`${alarm.clockId}:${alarm.percent}`);
  }

  /** Remembers that a breach fired; earlier warnings of the clock are then moot. */
  markBreached(alarm: ClockAlarm): void {
    this.fired.add(`${alarm.clockId}:breach`);
    const clock = this.records.find((record) => record.id === alarm.clockId);
    for (const percent of clock?.warnAt ?? []) this.fired.add(`${alarm.clockId}:${percent}`);
  }

  /** Views of every clock for queries. */
  views(now: number): ClockStatus[] {
    return this.records.map((clock) => {
      const view = clockView(clock, this.calendar, now);
      // A breach that fired stays a breach, even when the escalation it caused stopped the clock at the due instant.
      const status = this.fired.has(`${clock.id}:breach`) ? 'breached' : view.status;
      return {
        id: clock.id,
        kind: clock.kind,
        ...(clock.state ? { state: clock.state } : {}),
        targetMinutes: view.targetMinutes,
        elapsedMinutes: view.elapsedMinutes,
        pausedMinutes: view.pausedMinutes,
        ...(view.dueAtIso && active(clock) ? { dueAt: view.dueAtIso } : {}),
        status,
      };
    });
  }

  /**
   * The ticket's SLA status: breached beats warning beats ok; paused while waiting; met when done
   * in time. From `views` when the caller has them (each view walks the business calendar).
   */
  overallStatus(now: number, done: boolean, views: readonly ClockStatus[] = this.views(now)): SlaStatus {
    const statuses = views.map((view) => view.status);
    if (statuses.includes('breached')) return 'breached';
    if (statuses.includes('warning')) return 'warning';
    if (done) return 'met';
    if (statuses.includes('ok')) return 'ok';
    if (statuses.includes('paused')) return 'paused';
    return statuses.length ? 'met' : 'ok';
  }

  /** State to carry into a new run. */
  carry(): CarriedClocks {
    return { records: this.records, fired: [...this.fired] };
  }

  private start(id: string, kind: SlaClockKind, targetMinutes: number, warnAt: number[], at: number, state?: string): void {
    this.records.push(startClock({ id, kind, targetMinutes, warnAt, at, ...(state ? { state } : {}) }));
  }

  private update(change: (clock: SlaClockRecord) => SlaClockRecord): void {
    this.records = this.records.map(change);
  }

  private label(clock: SlaClockRecord): string {
    const target = formatDuration(clock.targetMinutes * 60_000);
    if (clock.kind === 'state_due') return `${this.flow.states[clock.state!]?.title ?? clock.state} due within ${target}`;
    return `${clock.kind === 'first_response' ? 'first response' : 'resolution'} within ${target}`;
  }
}

function active(clock: SlaClockRecord): boolean {
  return clock.stoppedAt === undefined;
}
