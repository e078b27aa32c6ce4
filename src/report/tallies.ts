import type { ReassignmentReason } from '../ticket/closed-ticket-record';
import { percentileOfSorted } from './percentile';
import type { TicketFacts } from './ticket-facts';

/*
 * What every KPI is made of before its formula is applied: counts, sums and the percentile
 * values themselves. Two producers compute the same tallies: `talliesOf` here, from facts in
 * memory, and the archive's SQL (`src/archive/sql-report.ts`), in the database, so a report over
 * 100,000 tickets never leaves it. `reportFromTallies` (kpis.ts) turns either into the figures,
 * so percentages, rounding and ordering are written once.
 */

/** p50 and p90 by nearest rank, in minutes as stored; undefined over no tickets. */
export interface TimeTally {
  p50Business: number | undefined;
  p90Business: number | undefined;
  p50Calendar: number | undefined;
  p90Calendar: number | undefined;
}

/** The headline counts of a set of tickets. */
export interface FigureTally {
  closed: number;
  /** SLA clocks with a target, and how many of them were met. */
  clocks: number;
  met: number;
  firstContact: number;
  sameDay: number;
  workedL1: number;
  workedL2: number;
  escalatedL1toL2: number;
  escalatedL2toL3: number;
  resolve: TimeTally;
}

/** A state's due-date clocks of one flow. */
export interface HotSpotTally {
  flow: string;
  state: string;
  clocks: number;
  breached: number;
  /**
   * Sum of the breached clocks' overruns in thousandths of a minute (the precision facts keep):
   * an exact integer, so it is the same whatever order the tickets are added in.
   */
  overrunThousandths: number;
  /** Largest overrun of a breached clock, at least 0. */
  overrunMax: number;
}

/** Everything a report is computed from. */
export interface ReportTallies {
  /** Tickets among these opened in the report window (used when the caller gives no count). */
  openedInWindow: number;
  total: FigureTally;
  sla: Array<{ clock: string; met: number; breached: number }>;
  untimed: Array<{ clock: string; tickets: number }>;
  tiers: Array<{ tier: 'L1' | 'L2' | 'L3'; tickets: number; times: TimeTally }>;
  handover: { tickets: number; times: TimeTally };
  reassignments: Array<{ reason: ReassignmentReason; tickets: number; reassignments: number }>;
  hotSpots: HotSpotTally[];
  versions: Array<{ flow: string; version: number; figures: FigureTally }>;
  groups: Array<{ key: string; figures: FigureTally }>;
}

export const TIERS = ['L1', 'L2', 'L3'] as const;
export const REASONS: ReassignmentReason[] = ['escalation', 'absence', 'by_hand', 'handover'];

/** Resolved at L1, never escalated, at most one customer message after opening. */
export function firstContactResolution(ticket: TicketFacts): boolean {
  return ticket.solvedAtL1 && !ticket.escalatedL1toL2 && ticket.customerMessages <= 1;
}

/** The tallies of facts in memory, in closing order. `groupKey` names each ticket's group, if grouped. */
export function talliesOf(facts: readonly TicketFacts[], window: { from: number; to: number }, groupKey?: (ticket: TicketFacts) => string): ReportTallies {
  const sla = new Map<string, { met: number; breached: number }>();
  const untimed = new Map<string, number>();
  const spots = new Map<string, HotSpotTally>();
  let openedInWindow = 0;
  for (const ticket of facts) {
    if (ticket.openedAt >= window.from && ticket.openedAt < window.to) openedInWindow += 1;
    for (const clock of ticket.untimed) untimed.set(clock, (untimed.get(clock) ?? 0) + 1);
    for (const clock of ticket.clocks) {
      let entry = sla.get(clock.clock);
      if (!entry) sla.set(clock.clock, (entry = { met: 0, breached: 0 }));
      if (clock.met) entry.met += 1;
      else entry.breached += 1;
      if (!clock.clock.startsWith('due:') || clock.state === undefined) continue;
      const key = `${ticket.flow}\u0000${clock.state}`;
      let spot = spots.get(key);
      if (!spot) spots.set(key, (spot = { flow: ticket.flow, state: clock.state, clocks: 0, breached: 0, overrunThousandths: 0, overrunMax: 0 }));
      spot.clocks += 1;
      if (!clock.met) {
        spot.breached += 1;
        spot.overrunThousandths += Math.round(clock.overrunMin * 1000);
        spot.overrunMax = Math.max(spot.overrunMax, clock.overrunMin);
      }
    }
  }
  return {
    openedInWindow,
    total: figureTally(facts),
    sla: [...sla.entries()].map(([clock, counts]) => ({ clock, ...counts })),
    untimed: [...untimed.entries()].map(([clock, tickets]) => ({ clock, tickets })),
    tiers: TIERS.map((tier) => {
      const worked = facts.filter((ticket) => ticket.tierBusinessMin[tier] !== undefined);
      return { tier, tickets: worked.length, times: timeTally(worked, (ticket) => ticket.tierBusinessMin[tier]!, (ticket) => ticket.tierCalendarMin[tier]!) };
    }),
    handover: (() => {
      const handed = facts.filter((ticket) => ticket.handoverL1L2 !== undefined);
      return { tickets: handed.length, times: timeTally(handed, (ticket) => ticket.handoverL1L2!.businessMin, (ticket) => ticket.handoverL1L2!.calendarMin) };
    })(),
    reassignments: REASONS.map((reason) => {
      let tickets = 0;
      let reassignments = 0;
      for (const ticket of facts) {
        const count = ticket.reassignments[reason] ?? 0;
        if (count > 0) tickets += 1;
        reassignments += count;
      }
      return { reason, tickets, reassignments };
    }),
    hotSpots: [...spots.values()],
    versions: [...membersBy(facts, (ticket) => `${ticket.flow}\u0000${ticket.version}`)].map(([key, members]) => {
      const [flow, version] = key.split('\u0000');
      return { flow: flow!, version: Number(version), figures: figureTally(members) };
    }),
    groups: groupKey ? [...membersBy(facts, groupKey)].map(([key, members]) => ({ key, figures: figureTally(members) })) : [],
  };
}

/** The headline counts of a set of tickets: one pass over them (a report may cover 100,000). */
export function figureTally(facts: readonly TicketFacts[]): FigureTally {
  const tally: FigureTally = { closed: facts.length, clocks: 0, met: 0, firstContact: 0, sameDay: 0, workedL1: 0, workedL2: 0, escalatedL1toL2: 0, escalatedL2toL3: 0, resolve: timeTally([], () => 0, () => 0) };
  for (const ticket of facts) {
    for (const clock of ticket.clocks) {
      tally.clocks += 1;
      if (clock.met) tally.met += 1;
    }
    if (firstContactResolution(ticket)) tally.firstContact += 1;
    if (ticket.sameDay) tally.sameDay += 1;
    if (ticket.workedL1) tally.workedL1 += 1;
    if (ticket.workedL2) tally.workedL2 += 1;
    if (ticket.escalatedL1toL2) tally.escalatedL1toL2 += 1;
    if (ticket.escalatedL2toL3) tally.escalatedL2toL3 += 1;
  }
  tally.resolve = timeTally(facts, (ticket) => ticket.resolveBusinessMin, (ticket) => ticket.resolveCalendarMin);
  return tally;
}

function timeTally(facts: readonly TicketFacts[], business: (ticket: TicketFacts) => number, calendar: (ticket: TicketFacts) => number): TimeTally {
  const businessValues = new Float64Array(facts.length);
  const calendarValues = new Float64Array(facts.length);
  facts.forEach((ticket, index) => {
    businessValues[index] = business(ticket);
    calendarValues[index] = calendar(ticket);
  });
  businessValues.sort();
  calendarValues.sort();
  return {
    p50Business: percentileOfSorted(businessValues, 50),
    p90Business: percentileOfSorted(businessValues, 90),
    p50Calendar: percentileOfSorted(calendarValues, 50),
    p90Calendar: percentileOfSorted(calendarValues, 90),
  };
}

function membersBy(facts: readonly TicketFacts[], key: (ticket: TicketFacts) => string): Map<string, TicketFacts[]> {
  const groups = new Map<string, TicketFacts[]>();
  for (const ticket of facts) {
    const name = key(ticket);
    const members = groups.get(name);
    if (members) members.push(ticket);
    else groups.set(name, [ticket]);
  }
  return groups;
}
