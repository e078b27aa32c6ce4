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

/** Unpacks stored facts; throws on a shape this version does not know. Written for speed: a report unpacks 100,000. */
export function unpackFacts(packed: PackedFacts): TicketFacts {
  if (packed[0] !== PACK_VERSION) throw new Error(`archived facts of an unknown version: ${JSON.stringify(packed[0])}`);
  const flags = packed[15] as number;
  const facts: TicketFacts = {
    number: packed[1] as string,
    flow: packed[2] as string,
    version: packed[3] as number,
    priority: packed[4] as string,
    channel: packed[5] as string,
    finalState: packed[9] as string,
    openedAt: packed[10] as number,
    closedAt: packed[11] as number,
    week: packed[12] as string,
    resolveBusinessMin: packed[13] as number,
    resolveCalendarMin: packed[14] as number,
    sameDay: (flags & 1) !== 0,
    customerMessages: packed[16] as number,
    solvedAtL1: (flags & 2) !== 0,
    workedL1: (flags & 4) !== 0,
    workedL2: (flags & 8) !== 0,
    escalatedL1toL2: (flags & 16) !== 0,
    escalatedL2toL3: (flags & 32) !== 0,
    tierBusinessMin: byTier(packed[17] as Array<number | null>),
    tierCalendarMin: byTier(packed[18] as Array<number | null>),
    reassignments: {},
    clocks: [],
    untimed: packed[22] as string[],
  };
  if (packed[6] !== null) facts.agent = packed[6] as string;
  if (packed[7] !== null) facts.tier = packed[7] as Tier;
  if (packed[8] !== null) facts.state = packed[8] as string;
  const handover = packed[19] as [number, number] | null;
  if (handover) facts.handoverL1L2 = { businessMin: handover[0], calendarMin: handover[1] };
  const reassign = packed[20] as number[];
  for (let index = 0; index < REASONS.length; index++) if (reassign[index]) facts.reassignments[REASONS[index]!] = reassign[index]!;
  for (const [name, met, overrunMin] of packed[21] as Array<[string, number, number]>) {
    facts.clocks.push(name.startsWith('due:') ? { clock: name, state: name.slice(4), met: met === 1, overrunMin } : { clock: name, met: met === 1, overrunMin });
  }
  return facts;
}

function byTier(values: Array<number | null>): Partial<Record<Tier, number>> {
  const result: Partial<Record<Tier, number>> = {};
  for (let index = 0; index < TIERS.length; index++) {
    const value = values[index];
    if (value !== null && value !== undefined) result[TIERS[index]!] = value;
  }
  return result;
}
