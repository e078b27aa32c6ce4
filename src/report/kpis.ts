import type { ReassignmentReason } from '../ticket/closed-ticket-record';
import type { Backlog } from './backlog';
import { minutes, percent, percentileOfSorted } from './percentile';
import type { TicketFacts } from './ticket-facts';

/*
 * The KPIs a service manager reviews every week, computed from the facts of closed tickets. Pure:
 * the same figures for the CLI, the web dashboard and the tests. Each formula is written in the
 * README ("Reports"); percentages have one decimal and are null when nothing was counted.
 */

/** What a report can be grouped by. */
export const GROUP_BY = ['flow', 'version', 'tier', 'priority', 'state', 'agent', 'week'] as const;
/** One grouping. */
export type GroupBy = (typeof GROUP_BY)[number];

/** SLA outcome of one clock over the closed tickets. */
export interface SlaFigure {
  clock: string;
  met: number;
  breached: number;
  metPct: number | null;
}

/** Time figures in business and calendar minutes. */
export interface TimeFigures {
  p50BusinessMin: number | null;
  p90BusinessMin: number | null;
  p50CalendarMin: number | null;
  p90CalendarMin: number | null;
}

/** The headline figures of a set of tickets (the whole report, or one group). */
export interface Figures {
  closed: number;
  /** All clocks together: met / (met + breached). */
  slaMetPct: number | null;
  firstContactResolutionPct: number | null;
  sameDayPct: number | null;
  timeToResolve: TimeFigures;
  escalationRate: { L1toL2: number | null; L2toL3: number | null };
}

/** A state of a flow whose due date breaches. */
export interface HotSpot {
  flow: string;
  state: string;
  clocks: number;
  breached: number;
  breachedPct: number | null;
  /** Business minutes past the due date, over the breached clocks. */
  avgOverrunMin: number | null;
  maxOverrunMin: number | null;
}

/** The whole report. */
export interface Report extends Figures {
  from: string;
  to: string;
  flow?: string;
  tickets: { opened: number; closed: number };
  sla: SlaFigure[];
  /** Clocks that had no target for a ticket's priority: left out of `sla`, counted here. */
  untimedClocks: Array<{ clock: string; tickets: number }>;
  timePerTier: Array<{ tier: string; tickets: number } & TimeFigures>;
  handoverL1toL2: { tickets: number } & TimeFigures;
  /** Share of closed tickets that changed owner at least once for each reason, and how many changes. */
  reassignmentRate: Array<{ reason: ReassignmentReason; tickets: number; reassignments: number; pct: number | null }>;
  hotSpots: HotSpot[];
  /** Per flow version, so a new SOP version can be compared with the one before. */
  versions: Array<{ flow: string; version: number } & Figures>;
  groupBy?: GroupBy;
  groups: Array<{ key: string } & Figures>;
  /** Open tickets now, from Temporal's visibility; absent when it could not be asked. */
  backlog?: Backlog;
}

/** What the report covers beyond the facts. */
export interface ReportOptions {
  from: string;
  to: string;
  flow?: string;
  groupBy?: GroupBy;
  /** Tickets opened in the window (archived and still open); default: the archived ones opened in it. */
  opened?: number;
  backlog?: Backlog;
}

const REASONS: ReassignmentReason[] = ['escalation', 'absence', 'by_hand', 'handover'];

/** Computes every KPI over the closed tickets' facts. */
export function computeReport(facts: readonly TicketFacts[], options: ReportOptions): Report {
  const from = Date.parse(options.from);
  const to = Date.parse(options.to);
  const opened = options.opened ?? facts.filter((ticket) => ticket.openedAt >= from && ticket.openedAt < to).length;

  const untimed = new Map<string, number>();
  for (const ticket of facts) for (const clock of ticket.untimed) untimed.set(clock, (untimed.get(clock) ?? 0) + 1);

  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    ...(options.flow ? { flow: options.flow } : {}),
    tickets: { opened, closed: facts.length },
    ...figures(facts),
    sla: slaFigures(facts),
    untimedClocks: [...untimed.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([clock, tickets]) => ({ clock, tickets })),
    timePerTier: (['L1', 'L2', 'L3'] as const).map((tier) => {
      const worked = facts.filter((ticket) => ticket.tierBusinessMin[tier] !== undefined);
      return { tier, tickets: worked.length, ...timesOf(worked, (ticket) => ticket.tierBusinessMin[tier]!, (ticket) => ticket.tierCalendarMin[tier]!) };
    }),
    handoverL1toL2: (() => {
      const handed = facts.filter((ticket) => ticket.handoverL1L2 !== undefined);
      return { tickets: handed.length, ...timesOf(handed, (ticket) => ticket.handoverL1L2!.businessMin, (ticket) => ticket.handoverL1L2!.calendarMin) };
    })(),
    reassignmentRate: REASONS.map((reason) => {
      const counts = facts.map((ticket) => ticket.reassignments[reason] ?? 0);
      const tickets = counts.filter((count) => count > 0).length;
      return { reason, tickets, reassignments: counts.reduce((sum, count) => sum + count, 0), pct: percent(tickets, facts.length) };
    }),
    hotSpots: hotSpots(facts),
    versions: groupsOf(facts, (ticket) => `${ticket.flow}\u0000${ticket.version}`).map(({ key, members }) => {
      const [flow, version] = key.split('\u0000');
      return { flow: flow!, version: Number(version), ...figures(members) };
    }),
    ...(options.groupBy ? { groupBy: options.groupBy } : {}),
    groups: options.groupBy ? groupsOf(facts, groupKey(options.groupBy)).map(({ key, members }) => ({ key, ...figures(members) })) : [],
    ...(options.backlog ? { backlog: options.backlog } : {}),
  };
}

/** The headline figures of a set of tickets: one pass over them (a report may cover 100,000). */
export function figures(facts: readonly TicketFacts[]): Figures {
  let clocks = 0;
  let met = 0;
  let fcr = 0;
  let sameDay = 0;
  let workedL1 = 0;
  let workedL2 = 0;
  let toL2 = 0;
  let toL3 = 0;
  const business = new Float64Array(facts.length);
  const calendar = new Float64Array(facts.length);
  facts.forEach((ticket, index) => {
    for (const clock of ticket.clocks) {
      clocks += 1;
      if (clock.met) met += 1;
    }
    if (firstContactResolution(ticket)) fcr += 1;
    if (ticket.sameDay) sameDay += 1;
    if (ticket.workedL1) workedL1 += 1;
    if (ticket.workedL2) workedL2 += 1;
    if (ticket.escalatedL1toL2) toL2 += 1;
    if (ticket.escalatedL2toL3) toL3 += 1;
    business[index] = ticket.resolveBusinessMin;
    calendar[index] = ticket.resolveCalendarMin;
  });
  return {
    closed: facts.length,
    slaMetPct: percent(met, clocks),
    firstContactResolutionPct: percent(fcr, facts.length),
    sameDayPct: percent(sameDay, facts.length),
    timeToResolve: sortedTimes(business.sort(), calendar.sort()),
    escalationRate: { L1toL2: percent(toL2, workedL1), L2toL3: percent(toL3, workedL2) },
  };
}

/** Resolved at L1, never escalated, at most one customer message after opening. */
export function firstContactResolution(ticket: TicketFacts): boolean {
  return ticket.solvedAtL1 && !ticket.escalatedL1toL2 && ticket.customerMessages <= 1;
}

function slaFigures(facts: readonly TicketFacts[]): SlaFigure[] {
  const byClock = new Map<string, { met: number; breached: number }>();
  for (const ticket of facts) {
    for (const clock of ticket.clocks) {
      let entry = byClock.get(clock.clock);
      if (!entry) byClock.set(clock.clock, (entry = { met: 0, breached: 0 }));
      if (clock.met) entry.met += 1;
      else entry.breached += 1;
    }
  }
  // Ticket-wide clocks first, then the states' due dates by name.
  const order = (name: string) => (name === 'first_response' ? 0 : name === 'resolution' ? 1 : 2);
  return [...byClock.entries()]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([clock, { met, breached }]) => ({ clock, met, breached, metPct: percent(met, met + breached) }));
}

function hotSpots(facts: readonly TicketFacts[]): HotSpot[] {
  const spots = new Map<string, { flow: string; state: string; clocks: number; overruns: number[] }>();
  for (const ticket of facts) {
    for (const clock of ticket.clocks) {
      if (!clock.clock.startsWith('due:') || clock.state === undefined) continue;
      const key = `${ticket.flow}\u0000${clock.state}`;
      const spot = spots.get(key) ?? { flow: ticket.flow, state: clock.state, clocks: 0, overruns: [] };
      spot.clocks += 1;
      if (!clock.met) spot.overruns.push(clock.overrunMin);
      spots.set(key, spot);
    }
  }
  return [...spots.values()]
    .filter((spot) => spot.overruns.length > 0)
    .map((spot) => ({
      flow: spot.flow,
      state: spot.state,
      clocks: spot.clocks,
      breached: spot.overruns.length,
      breachedPct: percent(spot.overruns.length, spot.clocks),
      avgOverrunMin: minutes(spot.overruns.reduce((sum, value) => sum + value, 0) / spot.overruns.length),
      maxOverrunMin: minutes(spot.overruns.reduce((max, value) => Math.max(max, value), 0)),
    }))
    .sort((a, b) => b.breached - a.breached || (b.avgOverrunMin ?? 0) - (a.avgOverrunMin ?? 0) || a.flow.localeCompare(b.flow) || a.state.localeCompare(b.state));
}

function timesOf(facts: readonly TicketFacts[], business: (ticket: TicketFacts) => number, calendar: (ticket: TicketFacts) => number): TimeFigures {
  const businessValues = new Float64Array(facts.length);
  const calendarValues = new Float64Array(facts.length);
  facts.forEach((ticket, index) => {
    businessValues[index] = business(ticket);
    calendarValues[index] = calendar(ticket);
  });
  return sortedTimes(businessValues.sort(), calendarValues.sort());
}

function sortedTimes(business: Float64Array, calendar: Float64Array): TimeFigures {
  return {
    p50BusinessMin: minutes(percentileOfSorted(business, 50)),
    p90BusinessMin: minutes(percentileOfSorted(business, 90)),
    p50CalendarMin: minutes(percentileOfSorted(calendar, 50)),
    p90CalendarMin: minutes(percentileOfSorted(calendar, 90)),
  };
}

function groupKey(by: GroupBy): (ticket: TicketFacts) => string {
  switch (by) {
    case 'flow':
      return (ticket) => ticket.flow;
    case 'version':
      return (ticket) => `${ticket.flow} v${ticket.version}`;
    case 'tier':
      return (ticket) => ticket.tier ?? '-';
    case 'priority':
      return (ticket) => ticket.priority;
    case 'state':
      return (ticket) => ticket.state ?? '-';
    case 'agent':
      return (ticket) => ticket.agent ?? '(nobody)';
    case 'week':
      return (ticket) => ticket.week;
  }
}

function groupsOf(facts: readonly TicketFacts[], key: (ticket: TicketFacts) => string): Array<{ key: string; members: TicketFacts[] }> {
  const groups = new Map<string, TicketFacts[]>();
  for (const ticket of facts) {
    const name = key(ticket);
    const members = groups.get(name);
    if (members) members.push(ticket);
    else groups.set(name, [ticket]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([name, members]) => ({ key: name, members }));
}
