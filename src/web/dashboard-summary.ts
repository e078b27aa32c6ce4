import type { AgentAbsence as Absence } from '../assignment/types';
import type { TicketListRow } from '../client/ticket-client';
import type { SopflowConfig } from '../config/schema';
import type { FlowCatalog } from '../runtime/flow-catalog';

/** Counts of one tier. */
export interface TierCounts {
  open: number;
  /** Waiting for an owner: nobody in the tier could take them yet (the directory's queue). */
  unassigned: number;
  waiting: number;
  warning: number;
  breached: number;
}

/** Everything the dashboard shows, counted in memory from one visibility snapshot. */
export interface DashboardSummary {
  tiers: Record<string, TierCounts>;
  agentsAvailable: string[];
  agentsAbsent: string[];
  openedToday: number;
  resolvedToday: number;
  oldestOpen?: { number: string; since: string };
  /** Share (0–1) of the tickets resolved today that were also opened today; undefined before the first. */
  sameDayRate?: number;
}

/**
 * Counts the dashboard's figures. Visibility cannot group or sort, so this runs over the rows
 * of the shared poll: per tier open / waiting (the state is a waiting state) / at risk (SLA
 * warning) / breached; agents absent now by the directory, available = every pooled agent not
 * absent; opened and resolved since the start of today (UTC); the oldest open ticket; and the
 * same-day resolution rate (the seeds' "75.4% of tickets solved the same day").
 */
export function dashboardSummary(input: { open: TicketListRow[]; closedToday: TicketListRow[]; absences: Absence[]; queued?: Record<string, number>; config: SopflowConfig; catalog: FlowCatalog; now: number }): DashboardSummary {
  const { open, closedToday, config, catalog, now } = input;
  const tiers: Record<string, TierCounts> = {};
  for (const tier of Object.keys(config.pools).sort()) tiers[tier] = { open: 0, unassigned: input.queued?.[tier] ?? 0, waiting: 0, warning: 0, breached: 0 };
  const kinds = new Map<string, string>();
  for (const flow of catalog.flows()) for (const state of Object.values(flow.states)) kinds.set(`${flow.id}/${state.name}`, state.kind);
  let oldest: TicketListRow | undefined;
  for (const row of open) {
    const tier = row.tier ?? 'L1';
    const counts = (tiers[tier] ??= { open: 0, unassigned: input.queued?.[tier] ?? 0, waiting: 0, warning: 0, breached: 0 });
    counts.open += 1;
    if (kinds.get(`${row.flow}/${row.state}`) === 'waiting') counts.waiting += 1;
    if (row.slaStatus === 'warning') counts.warning += 1;
    if (row.slaStatus === 'breached') counts.breached += 1;
    if (!oldest || row.startTime < oldest.startTime) oldest = row;
  }
  const today = new Date(now);
  today.setUTCHours(0, 0, 0, 0);
  const startOfDay = today.toISOString();
  const openedToday = open.filter((row) => row.startTime >= startOfDay).length + closedToday.filter((row) => row.startTime >= startOfDay).length;
  const sameDay = closedToday.filter((row) => row.startTime >= startOfDay).length;
  const absentNow = new Set(input.absences.filter((absence) => Date.parse(absence.from) <= now && Date.parse(absence.to) > now).map((absence) => absence.agent));
  const agents = [...new Set(Object.values(config.pools).flatMap((pool) => pool.agents.map((agent) => agent.id)))];
  return {
    tiers,
    agentsAvailable: agents.filter((agent) => !absentNow.has(agent)),
    agentsAbsent: agents.filter((agent) => absentNow.has(agent)),
    openedToday,
    resolvedToday: closedToday.length,
    ...(oldest ? { oldestOpen: { number: oldest.number, since: oldest.startTime } } : {}),
    ...(closedToday.length ? { sameDayRate: sameDay / closedToday.length } : {}),
  };
}
