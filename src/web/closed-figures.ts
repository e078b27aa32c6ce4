import type { StateStayMinutes } from '../archive/types';
import type { FlowDefinition } from '../flow/definition';
import { percentile } from '../report';
import type { Report } from '../report';

/*
 * What the dashboard and the flow page show of closed tickets, taken from the report that
 * `sopflow report` prints (the same `runReport`, grouped by week) so the pages and the CLI never
 * disagree. Pure: the figures in, the view models out.
 */

/** The weekly figures of the charts, one entry per ISO week that closed tickets. */
export interface WeeklySeries {
  weeks: string[];
  closed: number[];
  /** SLA met % (all clocks) per week; null for a week without a timed clock. */
  slaMetPct: Array<number | null>;
  /** Same-day resolution % per week. */
  sameDayPct: Array<number | null>;
}

/** The charts' series from a report grouped by week. */
export function weeklySeries(report: Report): WeeklySeries {
  if (report.groupBy !== 'week') throw new Error(`weekly charts need a report grouped by week, not by ${report.groupBy ?? 'nothing'}`);
  return {
    weeks: report.groups.map((group) => group.key),
    closed: report.groups.map((group) => group.closed),
    slaMetPct: report.groups.map((group) => group.slaMetPct),
    sameDayPct: report.groups.map((group) => group.sameDayPct),
  };
}

/**
 * How hot a state is: `hot` when a quarter or more of its due dates breached, `warm` when some
 * did, `none` otherwise (also when it has no due date).
 */
export type Heat = 'none' | 'warm' | 'hot';
/** Share of breached due dates from which a state is drawn as a hot spot. */
export const HOT_BREACHED_PCT = 25;

/** One state of a flow over its closed tickets. */
export interface StepFigure {
  state: string;
  /** Stays in the state (a ticket that came back counts each visit). */
  visits: number;
  /** Median business minutes of a stay (nearest rank, like the report's percentiles), one decimal. */
  p50BusinessMin: number | null;
  /** The state's due dates that ran: met + breached. */
  clocks: number;
  met: number;
  breached: number;
  metPct: number | null;
  /** Business minutes past the due date, over the breached ones (the report's hot spot). */
  avgOverrunMin: number | null;
  heat: Heat;
}

/**
 * Per non-final state of the flow: SLA met % of its due date (the report's `due:<state>`
 * clock), breaches and overrun (the report's hot spots) and the median time in the step.
 */
export function stepFigures(flow: FlowDefinition, report: Report, stays: readonly StateStayMinutes[]): StepFigure[] {
  return Object.values(flow.states)
    .filter((state) => state.kind !== 'final')
    .map((state) => {
      const sla = report.sla.find((figure) => figure.clock === `due:${state.name}`);
      const spot = report.hotSpots.find((candidate) => candidate.flow === flow.id && candidate.state === state.name);
      const minutes = stays.filter((stay) => stay.flow === flow.id && stay.state === state.name).flatMap((stay) => stay.businessMinutes);
      const p50 = percentile(minutes, 50);
      const met = sla?.met ?? 0;
      const breached = sla?.breached ?? 0;
      const breachedPct = met + breached === 0 ? 0 : (100 * breached) / (met + breached);
      return {
        state: state.name,
        visits: minutes.length,
        p50BusinessMin: p50 === undefined ? null : Math.round(p50 * 10) / 10,
        clocks: met + breached,
        met,
        breached,
        metPct: sla?.metPct ?? null,
        avgOverrunMin: spot?.avgOverrunMin ?? null,
        heat: breached === 0 ? 'none' : breachedPct >= HOT_BREACHED_PCT ? 'hot' : 'warm',
      };
    });
}
