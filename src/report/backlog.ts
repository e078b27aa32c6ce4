import type { BusinessCalendar } from '../sla/business-calendar';
import { businessDaysBetween } from '../sla/business-day';

/** Age buckets of open tickets, in business days of their flow's calendar. */
export const AGE_BUCKETS = ['<1d', '1-3d', '3-10d', '>10d'] as const;
/** One age bucket. */
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** An open ticket as visibility shows it. */
export interface OpenTicket {
  tier?: string;
  openedAt: number;
  calendar: BusinessCalendar;
}

/** Open tickets now, by tier and age. */
export interface Backlog {
  at: string;
  open: number;
  byTier: Array<{ tier: string } & Record<AgeBucket, number>>;
}

/**
 * The bucket of a ticket's age: whole business days from the business day it was opened on to
 * today's. Same business day: `<1d`; 1 or 2 days later: `1-3d`; 3 to 9: `3-10d`; 10 or more: `>10d`.
 */
export function ageBucket(calendar: BusinessCalendar, openedAt: number, now: number): AgeBucket {
  const days = businessDaysBetween(calendar, openedAt, now);
  if (days < 1) return '<1d';
  if (days < 3) return '1-3d';
  if (days < 10) return '3-10d';
  return '>10d';
}

/** Counts open tickets by tier (as visibility says, `-` when unknown) and age bucket. */
export function backlogOf(tickets: readonly OpenTicket[], now: number): Backlog {
  const byTier = new Map<string, Record<AgeBucket, number>>();
  for (const ticket of tickets) {
    const tier = ticket.tier ?? '-';
    const row = byTier.get(tier) ?? { '<1d': 0, '1-3d': 0, '3-10d': 0, '>10d': 0 };
    row[ageBucket(ticket.calendar, ticket.openedAt, now)] += 1;
    byTier.set(tier, row);
  }
  return {
    at: new Date(now).toISOString(),
    open: tickets.length,
    byTier: [...byTier.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([tier, row]) => ({ tier, ...row })),
  };
}
