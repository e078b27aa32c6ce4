import type { GroupBy } from '../report/kpis';
import { REASONS, TIERS } from '../report/tallies';
import type { FigureTally, ReportTallies, TimeTally } from '../report/tallies';
import type { SqlQuery } from './sql-connection';
import { window } from './sql-window';
import type { ArchiveQuery } from './types';

/*
 * A report's tallies counted by the database over the report columns (report-columns.ts), so a
 * report over 100,000 tickets moves a few hundred rows, not 100,000 facts. Each aggregate is the
 * SQL form of a tally in src/report/tallies.ts, and must give the same number to the last bit
 * (test/report-sql.test.ts compares both on generated tickets, on PGlite and on PostgreSQL):
 * - percentiles: `percentile_disc`, the first value whose rank k has k / n >= p, which is the
 *   nearest rank of `percentileOfSorted` (the array form sorts once for p50 and p90);
 * - the overrun sum of a hot spot is an integer of thousandths of a minute (the precision facts
 *   keep), exact in any order, where a sum of floating-point minutes would depend on it;
 * - everything else is a count or a sum of integers, exact in any order.
 */

const P50_P90 = `'{0.5,0.9}'::float8[]`;

/** The same keys as kpis.ts's `groupKey`. */
const GROUP_KEY: Record<GroupBy, string> = {
  flow: 'flow_id',
  version: `flow_id || ' v' || flow_version::text`,
  tier: `coalesce(tier, '-')`,
  priority: 'priority',
  state: `coalesce(state, '-')`,
  agent: `coalesce(agent, '(nobody)')`,
  week: 'week',
};

const FIGURE_COLUMNS = `count(*) AS closed,
  coalesce(sum(clocks), 0) AS clocks,
  coalesce(sum(clocks_met), 0) AS met,
  count(*) FILTER (WHERE solved_at_l1 AND NOT escalated_l1_l2 AND customer_messages <= 1) AS first_contact,
  count(*) FILTER (WHERE same_day) AS same_day,
  count(*) FILTER (WHERE worked_l1) AS worked_l1,
  count(*) FILTER (WHERE worked_l2) AS worked_l2,
  count(*) FILTER (WHERE escalated_l1_l2) AS escalated_l1_l2,
  count(*) FILTER (WHERE escalated_l2_l3) AS escalated_l2_l3,
  ${percentiles('resolve_business')} AS resolve_business,
  ${percentiles('resolve_calendar')} AS resolve_calendar`;

type Row = Record<string, unknown>;

/** Counts and percentiles of the tickets closed in the window (optionally of one flow), grouped if asked. */
export async function reportTallies(db: SqlQuery, query: ArchiveQuery, groupBy?: GroupBy): Promise<ReportTallies> {
  const { where, params, from, to } = window('closed_at', query);
  const opened = [...(from ? [`opened_at >= ${from}`] : []), ...(to ? [`opened_at < ${to}`] : [])];
  const openedInWindow = opened.length ? `count(*) FILTER (WHERE ${opened.join(' AND ')})` : 'count(*)';
  const due = `${where ? `${where} AND` : 'WHERE'} clock LIKE 'due:%'`;

  const [totals, sla, untimed, hotSpots, versions, groups] = await Promise.all([
    db.query<Row>(
      `SELECT ${FIGURE_COLUMNS}, ${openedInWindow} AS opened_in_window,
        ${TIERS.map((tier) => {
          const t = tier.toLowerCase();
          return `count(${t}_business) AS ${t}_tickets, ${percentiles(`${t}_business`)} AS ${t}_business, ${percentiles(`${t}_calendar`)} AS ${t}_calendar`;
        }).join(',\n')},
        count(handover_business) AS handover_tickets, ${percentiles('handover_business')} AS handover_business, ${percentiles('handover_calendar')} AS handover_calendar,
        ${REASONS.map((reason) => `count(*) FILTER (WHERE reassigned_${reason} > 0) AS reassigned_${reason}_tickets, coalesce(sum(reassigned_${reason}), 0) AS reassigned_${reason}_count`).join(',\n')}
       FROM report_tickets ${where}`,
      params,
    ),
    db.query<Row>(`SELECT clock, count(*) FILTER (WHERE met) AS met, count(*) FILTER (WHERE NOT met) AS breached FROM report_clocks ${where} GROUP BY clock`, params),
    db.query<Row>(`SELECT u AS clock, count(*) AS tickets FROM report_tickets CROSS JOIN LATERAL unnest(untimed) AS u ${where} GROUP BY u`, params),
    db.query<Row>(
      `SELECT flow_id, state, count(*) AS clocks, count(*) FILTER (WHERE NOT met) AS breached,
         coalesce(sum(round(overrun * 1000)::bigint) FILTER (WHERE NOT met), 0) AS overrun_thousandths,
         greatest(max(overrun) FILTER (WHERE NOT met), 0) AS overrun_max
       FROM report_clocks ${due} GROUP BY flow_id, state`,
      params,
    ),
    db.query<Row>(`SELECT flow_id, flow_version, ${FIGURE_COLUMNS} FROM report_tickets ${where} GROUP BY flow_id, flow_version`, params),
    groupBy ? db.query<Row>(`SELECT ${GROUP_KEY[groupBy]} AS key, ${FIGURE_COLUMNS} FROM report_tickets ${where} GROUP BY 1`, params) : Promise.resolve({ rows: [] as Row[] }),
  ]);

  const total = totals.rows[0]!;
  return {
    openedInWindow: count(total['opened_in_window']),
    total: figureTally(total),
    sla: sla.rows.map((row) => ({ clock: String(row['clock']), met: count(row['met']), breached: count(row['breached']) })),
    untimed: untimed.rows.map((row) => ({ clock: String(row['clock']), tickets: count(row['tickets']) })),
    tiers: TIERS.map((tier) => {
      const t = tier.toLowerCase();
      return { tier, tickets: count(total[`${t}_tickets`]), times: timeTally(total[`${t}_business`], total[`${t}_calendar`]) };
    }),
    handover: { tickets: count(total['handover_tickets']), times: timeTally(total['handover_business'], total['handover_calendar']) },
    reassignments: REASONS.map((reason) => ({ reason, tickets: count(total[`reassigned_${reason}_tickets`]), reassignments: count(total[`reassigned_${reason}_count`]) })),
    hotSpots: hotSpots.rows.map((row) => ({
      flow: String(row['flow_id']),
      state: String(row['state']),
      clocks: count(row['clocks']),
      breached: count(row['breached']),
      overrunThousandths: count(row['overrun_thousandths']),
      overrunMax: Number(row['overrun_max'] ?? 0),
    })),
    versions: versions.rows.map((row) => ({ flow: String(row['flow_id']), version: Number(row['flow_version']), figures: figureTally(row) })),
    groups: groups.rows.map((row) => ({ key: String(row['key']), figures: figureTally(row) })),
  };
}

function percentiles(column: string): string {
  return `percentile_disc(${P50_P90}) WITHIN GROUP (ORDER BY ${column})`;
}

function figureTally(row: Row): FigureTally {
  return {
    closed: count(row['closed']),
    clocks: count(row['clocks']),
    met: count(row['met']),
    firstContact: count(row['first_contact']),
    sameDay: count(row['same_day']),
    workedL1: count(row['worked_l1']),
    workedL2: count(row['worked_l2']),
    escalatedL1toL2: count(row['escalated_l1_l2']),
    escalatedL2toL3: count(row['escalated_l2_l3']),
    resolve: timeTally(row['resolve_business'], row['resolve_calendar']),
  };
}

/** p50 and p90 from two `percentile_disc` arrays (NULL over no rows). */
function timeTally(business: unknown, calendar: unknown): TimeTally {
  const [p50Business, p90Business] = pair(business);
  const [p50Calendar, p90Calendar] = pair(calendar);
  return { p50Business, p90Business, p50Calendar, p90Calendar };
}

function pair(value: unknown): [number | undefined, number | undefined] {
  if (value === null || value === undefined) return [undefined, undefined];
  // pg parses float8[]; a driver that hands back the array's text form gets it parsed here.
  const values = Array.isArray(value) ? value : String(value).replace(/[{}]/g, '').split(',');
  const at = (index: number) => (values[index] === null || values[index] === undefined || values[index] === 'NULL' ? undefined : Number(values[index]));
  return [at(0), at(1)];
}

/** A count as the drivers return it (bigint as text). */
function count(value: unknown): number {
  return Number(value ?? 0);
}
