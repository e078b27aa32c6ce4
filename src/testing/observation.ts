import type { Tier } from '../flow/schema';
import type { SlaStatus, TicketStatus, TimelineEntry } from '../ticket/types';

/** What a test compares after every step: where the ticket is, and what the step caused. */
export interface Observation {
  state: string;
  tier?: Tier;
  slaStatus: SlaStatus;
  /** The next due instant of a running clock (ISO); none while every clock is paused or stopped. */
  dueAt?: string;
  /** The step was refused (nothing changed). */
  refused: boolean;
  /** Notifications requested by the step, as `template/audience`, sorted: they run concurrently, so order is not part of the contract. */
  notifications: string[];
  /** Tiers an assignee was picked for by the step, sorted. */
  assignments: string[];
  /** Why the ticket changed hands in the step (`assigned` timeline entries: new ticket, escalation, handover, absence), sorted. */
  assigned: string[];
}

/** What a step caused, in any order: sorted when they become an observation. */
export interface StepCaused {
  notifications: readonly string[];
  assignments: readonly string[];
  assigned: readonly string[];
}

/** The observation of a ticket's status after a step, with what the step caused. */
export function observationOf(status: Pick<TicketStatus, 'state' | 'tier' | 'slaStatus' | 'dueAt'>, refused: boolean, caused: StepCaused): Observation {
  return {
    state: status.state,
    ...(status.tier ? { tier: status.tier } : {}),
    slaStatus: status.slaStatus,
    ...(status.dueAt ? { dueAt: status.dueAt } : {}),
    refused,
    notifications: [...caused.notifications].sort(),
    assignments: [...caused.assignments].sort(),
    assigned: [...caused.assigned].sort(),
  };
}

/** Why the ticket changed hands in these timeline entries (the reasons of its `assigned` entries). */
export function ownerChangesIn(entries: readonly TimelineEntry[]): string[] {
  return entries.filter((entry) => entry.kind === 'assigned').map((entry) => entry.reason ?? '');
}

/** Every way `actual` differs from `expected`, in words; empty when they agree. */
export function observationDifferences(expected: Observation, actual: Observation): string[] {
  const differences: string[] = [];
  const field = (name: string, want: unknown, got: unknown): void => {
    if (JSON.stringify(want) !== JSON.stringify(got)) differences.push(`${name}: expected ${show(want)}, got ${show(got)}`);
  };
  field('refused', expected.refused, actual.refused);
  field('state', expected.state, actual.state);
  field('tier', expected.tier ?? null, actual.tier ?? null);
  field('SLA status', expected.slaStatus, actual.slaStatus);
  field('due at', expected.dueAt ?? null, actual.dueAt ?? null);
  field('notifications', expected.notifications, actual.notifications);
  field('assignments', expected.assignments, actual.assignments);
  field('owner changes', expected.assigned, actual.assigned);
  return differences;
}

/** An observation as one line: `l2_account_analysis (L2), SLA breached; notify escalated/customer; assign L2`. */
export function observationText(observation: Observation): string {
  const due = observation.dueAt ? ` due ${observation.dueAt}` : '';
  const parts = [`${observation.refused ? 'refused, ' : ''}${observation.state}${observation.tier ? ` (${observation.tier})` : ''}, SLA ${observation.slaStatus}${due}`];
  parts.push(`notify ${observation.notifications.length ? observation.notifications.join(', ') : 'nothing'}`);
  parts.push(`assign ${observation.assignments.length ? observation.assignments.join(', ') : 'nobody'}${observation.assigned.length ? ` (${observation.assigned.join(', ')})` : ''}`);
  return parts.join('; ');
}

function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  return value === null || value === undefined ? 'none' : String(value);
}
