import { DateTime } from 'luxon';
import type { Tier } from '../flow/schema';
import type { ClosedTicketRecord, ReassignmentReason } from '../ticket/closed-ticket-record';

/** How one SLA clock of a ticket ended, as reports count it. */
export interface ClockFact {
  /** `first_response`, `resolution`, or `due:<state>` for a state's due date. */
  clock: string;
  state?: string;
  met: boolean;
  /** Business minutes past the target (0 when met). */
  overrunMin: number;
}

/**
 * The compact part of a closed-ticket record that every KPI is computed from, kept beside the
 * record so a report over 100,000 tickets reads a few hundred bytes per ticket, not timelines.
 * Derived only from the record (`ticketFacts`), so it can be rebuilt from the archive at any time.
 */
export interface TicketFacts {
  number: string;
  flow: string;
  version: number;
  priority: string;
  channel: string;
  /** Owner when the ticket closed. */
  agent?: string;
  /** Tier of the last working state: where the ticket was resolved. */
  tier?: Tier;
  /** Last working state. */
  state?: string;
  finalState: string;
  openedAt: number;
  closedAt: number;
  /** ISO week of closing in the flow calendar's zone, `2026-W49`. */
  week: string;
  resolveBusinessMin: number;
  resolveCalendarMin: number;
  sameDay: boolean;
  customerMessages: number;
  solvedAtL1: boolean;
  /** Worked at L1 at some point (the denominator of the L1 -> L2 rate). */
  workedL1: boolean;
  /** Worked at L2 at some point (the denominator of the L2 -> L3 rate). */
  workedL2: boolean;
  escalatedL1toL2: boolean;
  escalatedL2toL3: boolean;
  tierBusinessMin: Partial<Record<Tier, number>>;
  tierCalendarMin: Partial<Record<Tier, number>>;
  /** Escalation L1 -> L2 to the first L2 action, when there was one. */
  handoverL1L2?: { businessMin: number; calendarMin: number };
  reassignments: Partial<Record<ReassignmentReason, number>>;
  clocks: ClockFact[];
  /** Clocks without a target for this ticket, left out of SLA met % and counted apart. */
  untimed: string[];
}

/** The name a report gives a clock. */
export function clockName(kind: string, state?: string): string {
  return kind === 'state_due' ? `due:${state ?? '?'}` : kind;
}

/** Derives the facts of a record. Pure. */
export function ticketFacts(record: ClosedTicketRecord): TicketFacts {
  const closedAt = Date.parse(record.closedAt);
  const tierBusinessMin: Partial<Record<Tier, number>> = {};
  const tierCalendarMin: Partial<Record<Tier, number>> = {};
  for (const stay of record.tiers) {
    tierBusinessMin[stay.tier] = (tierBusinessMin[stay.tier] ?? 0) + stay.businessMinutes;
    tierCalendarMin[stay.tier] = (tierCalendarMin[stay.tier] ?? 0) + stay.calendarMinutes;
  }
  const reassignments: Partial<Record<ReassignmentReason, number>> = {};
  for (const change of record.reassignments) reassignments[change.reason] = (reassignments[change.reason] ?? 0) + 1;
  const handover = record.handovers.find((entry) => entry.fromTier === 'L1' && entry.toTier === 'L2' && entry.gap);
  const week = DateTime.fromMillis(closedAt, { zone: record.calendar.timezone }).toFormat("kkkk-'W'WW");
  return {
    number: record.number,
    flow: record.flow.id,
    version: record.flow.version,
    priority: record.priority.final,
    channel: record.channel,
    ...(record.assignee ? { agent: record.assignee } : {}),
    ...(record.lastTier ? { tier: record.lastTier } : {}),
    ...(record.lastWorkingState ? { state: record.lastWorkingState } : {}),
    finalState: record.finalState,
    openedAt: Date.parse(record.openedAt),
    closedAt,
    week,
    resolveBusinessMin: record.timeToResolve.businessMinutes,
    resolveCalendarMin: record.timeToResolve.calendarMinutes,
    sameDay: record.openedBusinessDay === record.closedBusinessDay,
    customerMessages: record.customerMessages.length,
    solvedAtL1: record.solvedAtL1,
    workedL1: record.tiers.some((stay) => stay.tier === 'L1'),
    workedL2: record.tiers.some((stay) => stay.tier === 'L2'),
    escalatedL1toL2: record.escalations.some((move) => move.fromTier === 'L1' && move.toTier >= 'L2'),
    escalatedL2toL3: record.escalations.some((move) => move.fromTier === 'L2' && move.toTier === 'L3'),
    tierBusinessMin,
    tierCalendarMin,
    ...(handover?.gap ? { handoverL1L2: { businessMin: handover.gap.businessMinutes, calendarMin: handover.gap.calendarMinutes } } : {}),
    reassignments,
    clocks: record.clocks.map((clock) => ({
      clock: clockName(clock.kind, clock.state),
      ...(clock.state ? { state: clock.state } : {}),
      met: clock.outcome === 'met',
      overrunMin: clock.overrunMinutes,
    })),
    untimed: record.untimedClocks,
  };
}

/*
 * Facts are stored packed: a JSON array by position instead of an object with names, about a
 * third of the size, because a report over 100,000 tickets spends its time reading and parsing
 * them. Minutes keep three decimals (a few milliseconds).
 */
const PACK_VERSION = 1;
const TIERS = ['L1', 'L2', 'L3'] as const;
const REASONS: ReassignmentReason[] = ['escalation', 'absence', 'by_hand', 'handover'];
const FLAGS = ['sameDay', 'solvedAtL1', 'workedL1', 'workedL2', 'escalatedL1toL2', 'escalatedL2toL3'] as const;

/** Facts as stored. */
export type PackedFacts = unknown[];

/** Packs facts for storage. */
export function packFacts(facts: TicketFacts): PackedFacts {
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return [
    PACK_VERSION,
    facts.number,
    facts.flow,
    facts.version,
    facts.priority,
    facts.channel,
    facts.agent ?? null,
    facts.tier ?? null,
    facts.state ?? null,
    facts.finalState,
    facts.openedAt,
    facts.closedAt,
    facts.week,
    round(facts.resolveBusinessMin),
    round(facts.resolveCalendarMin),
    FLAGS.reduce((bits, flag, index) => (facts[flag] ? bits | (1 << index) : bits), 0),
    facts.customerMessages,
    TIERS.map((tier) => (facts.tierBusinessMin[tier] === undefined ? null : round(facts.tierBusinessMin[tier]))),
    TIERS.map((tier) => (facts.tierCalendarMin[tier] === undefined ? null : round(facts.tierCalendarMin[tier]))),
    facts.handoverL1L2 ? [round(facts.handoverL1L2.businessMin), round(facts.handoverL1L2.calendarMin)] : null,
    REASONS.map((reason) => facts.reassignments[reason] ?? 0),
    facts.clocks.map((clock) => [clock.clock, clock.met ? 1 : 0, round(clock.overrunMin)]),
    facts.untimed,
  ];
}

/** Unpacks stored facts; throws on a shape this version does not know. */
export function unpackFacts(packed: PackedFacts): TicketFacts {
  if (packed[0] !== PACK_VERSION) throw new Error(`archived facts of an unknown version: ${JSON.stringify(packed[0])}`);
  const [, number, flow, version, priority, channel, agent, tier, state, finalState, openedAt, closedAt, week, resolveB, resolveC, flags, messages, tierB, tierC, handover, reassign, clocks, untimed] = packed as [
    number, string, string, number, string, string, string | null, Tier | null, string | null, string, number, number, string, number, number, number, number,
    Array<number | null>, Array<number | null>, [number, number] | null, number[], Array<[string, number, number]>, string[],
  ];
  const flag = (name: (typeof FLAGS)[number]) => (flags & (1 << FLAGS.indexOf(name))) !== 0;
  const byTier = (values: Array<number | null>) => {
    const result: Partial<Record<Tier, number>> = {};
    TIERS.forEach((name, index) => {
      if (values[index] !== null && values[index] !== undefined) result[name] = values[index];
    });
    return result;
  };
  const reassignments: Partial<Record<ReassignmentReason, number>> = {};
  REASONS.forEach((reason, index) => {
    if (reassign[index]) reassignments[reason] = reassign[index];
  });
  return {
    number,
    flow,
    version,
    priority,
    channel,
    ...(agent !== null ? { agent } : {}),
    ...(tier !== null ? { tier } : {}),
    ...(state !== null ? { state } : {}),
    finalState,
    openedAt,
    closedAt,
    week,
    resolveBusinessMin: resolveB,
    resolveCalendarMin: resolveC,
    sameDay: flag('sameDay'),
    customerMessages: messages,
    solvedAtL1: flag('solvedAtL1'),
    workedL1: flag('workedL1'),
    workedL2: flag('workedL2'),
    escalatedL1toL2: flag('escalatedL1toL2'),
    escalatedL2toL3: flag('escalatedL2toL3'),
    tierBusinessMin: byTier(tierB),
    tierCalendarMin: byTier(tierC),
    ...(handover ? { handoverL1L2: { businessMin: handover[0], calendarMin: handover[1] } } : {}),
    reassignments,
    clocks: clocks.map(([name, met, overrunMin]) => ({ clock: name, ...(name.startsWith('due:') ? { state: name.slice(4) } : {}), met: met === 1, overrunMin })),
    untimed,
  };
}
