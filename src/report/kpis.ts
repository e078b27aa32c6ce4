import type { ReassignmentReason } from '../ticket/closed-ticket-record';
import type { Backlog } from './backlog';
import { minutes, percent } from './percentile';
import { figureTally, talliesOf } from './tallies';
import type { FigureTally, HotSpotTally, ReportTallies, TimeTally } from './tallies';
import type { TicketFacts } from './ticket-facts';

export { firstContactResolution } from './tallies';

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

/** Computes every KPI over the closed tickets' facts (in closing order), in memory. */
export function computeReport(facts: readonly TicketFacts[], options: ReportOptions): Report {
  const window = { from: Date.parse(options.from), to: Date.parse(options.to) };
  return reportFromTallies(talliesOf(facts, window, options.groupBy ? groupKey(options.groupBy) : undefined), options);
}

/** The headline figures of a set of tickets. */
export function figures(facts: readonly TicketFacts[]): Figures {
  return figuresOf(figureTally(facts));
}

/**
 * The report from its tallies, wherever they were counted (in memory or in the archive's SQL):
 * every percentage, rounding and order is applied here, once.
 */
export function reportFromTallies(tallies: ReportTallies, options: ReportOptions): Report {
  // Ticket-wide clocks first, then the states' due dates by name.
  const order = (name: string) => (name === 'first_response' ? 0 : name === 'resolution' ? 1 : 2);
  const byKey = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true }) || byCodeUnits(a, b);
  return {
    from: new Date(Date.parse(options.from)).toISOString(),
    to: new Date(Date.parse(options.to)).toISOString(),
    ...(options.flow ? { flow: options.flow } : {}),
    tickets: { opened: options.opened ?? tallies.openedInWindow, closed: tallies.total.closed },
    ...figuresOf(tallies.total),
    sla: [...tallies.sla]
      .sort((a, b) => order(a.clock) - order(b.clock) || byName(a.clock, b.clock))
      .map(({ clock, met, breached }) => ({ clock, met, breached, metPct: percent(met, met + breached) })),
    untimedClocks: [...tallies.untimed].sort((a, b) => byName(a.clock, b.clock)).map(({ clock, tickets }) => ({ clock, tickets })),
    timePerTier: tallies.tiers.map(({ tier, tickets, times }) => ({ tier, tickets, ...timeFigures(times) })),
    handoverL1toL2: { tickets: tallies.handover.tickets, ...timeFigures(tallies.handover.times) },
    reassignmentRate: tallies.reassignments.map(({ reason, tickets, reassignments }) => ({ reason, tickets, reassignments, pct: percent(tickets, tallies.total.closed) })),
    hotSpots: hotSpots(tallies.hotSpots),
    versions: tallies.versions
      .map((row) => ({ key: `${row.flow}\u0000${row.version}`, row }))
      .sort((a, b) => byKey(a.key, b.key))
      .map(({ row }) => ({ flow: row.flow, version: row.version, ...figuresOf(row.figures) })),
    ...(options.groupBy ? { groupBy: options.groupBy } : {}),
    groups: options.groupBy ? [...tallies.groups].sort((a, b) => byKey(a.key, b.key)).map(({ key, figures: tally }) => ({ key, ...figuresOf(tally) })) : [],
    ...(options.backlog ? { backlog: options.backlog } : {}),
  };
}

function figuresOf(tally: FigureTally): Figures {
  return {
    closed: tally.closed,
    slaMetPct: percent(tally.met, tally.clocks),
    firstContactResolutionPct: percent(tally.firstContact, tally.closed),
    sameDayPct: percent(tally.sameDay, tally.closed),
    timeToResolve: timeFigures(tally.resolve),
    escalationRate: { L1toL2: percent(tally.escalatedL1toL2, tally.workedL1), L2toL3: percent(tally.escalatedL2toL3, tally.workedL2) },
  };
}

function timeFigures(times: TimeTally): TimeFigures {
  return {
    p50BusinessMin: minutes(times.p50Business),
    p90BusinessMin: minutes(times.p90Business),
    p50CalendarMin: minutes(times.p50Calendar),
    p90CalendarMin: minutes(times.p90Calendar),
  };
}

function hotSpots(spots: readonly HotSpotTally[]): HotSpot[] {
  return spots
    .filter((spot) => spot.breached > 0)
    .map((spot) => ({
      flow: spot.flow,
      state: spot.state,
      clocks: spot.clocks,
      breached: spot.breached,
      breachedPct: percent(spot.breached, spot.clocks),
      avgOverrunMin: minutes(spot.overrunThousandths / 1000 / spot.breached),
      maxOverrunMin: minutes(spot.overrunMax),
    }))
    .sort((a, b) => b.breached - a.breached || (b.avgOverrunMin ?? 0) - (a.avgOverrunMin ?? 0) || byName(a.flow, b.flow) || byName(a.state, b.state));
}

/*
 * Names in the reader's order; two names the collation deems equal (`agent-01`, `agent-1`) keep
 * a fixed order, so the figures never depend on the order the tallies arrived in.
 */
function byName(a: string, b: string): number {
  return a.localeCompare(b) || byCodeUnits(a, b);
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The group a ticket belongs to under a grouping (the archive's SQL names the same keys). */
export function groupKey(by: GroupBy): (ticket: TicketFacts) => string {
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
