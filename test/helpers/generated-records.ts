import { sampleRecords } from '../../bench/report-bench';
import type { ClosedTicketRecord } from '../../src/ticket/closed-ticket-record';

/**
 * Many closed-ticket records made from real ones (the engine's walks through three example
 * flows, as the report bench uses), varied by a seeded generator where report figures are
 * fragile: fractional minutes (float sums and percentiles), tickets closed at the same instant
 * (ordering ties), agent names a collation deems equal (`agent-1`, `agent-01`), no agent, numbers
 * whose code-unit and dictionary orders differ, flow versions, weeks across a year.
 */
export function generatedRecords(count: number, seed = 1): ClosedTicketRecord[] {
  const templates = sampleRecords();
  const random = mulberry32(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const fraction = (max: number) => Math.round(random() * max * 1000) / 1000;
  const start = Date.parse('2026-01-05T07:00:00Z');
  const records: ClosedTicketRecord[] = [];
  let previousClose = '';
  for (let index = 0; index < count; index++) {
    const template = templates[Math.floor(random() * templates.length)]!;
    const shift = start + Math.floor(random() * 360 * 86_400_000) - Date.parse(template.openedAt);
    const closedAt = index % 9 === 4 && previousClose ? previousClose : new Date(Date.parse(template.closedAt) + shift).toISOString();
    previousClose = closedAt;
    const agent = random() < 0.1 ? undefined : pick(['agent-1', 'agent-01', 'agent-2', 'Agent-2', 'bea', 'Bea', 'zoë', 'ägnes', 'agent-10']);
    const rest: ClosedTicketRecord = { ...template };
    delete rest.assignee;
    records.push({
      ...rest,
      ...(agent ? { assignee: agent } : {}),
      number: `${pick(['SOP-G', 'sop-g', 'SOP_G'])}-${index}`,
      flow: { ...template.flow, version: random() < 0.3 ? template.flow.version + 1 : template.flow.version },
      openedAt: new Date(Date.parse(template.openedAt) + shift).toISOString(),
      closedAt,
      timeToResolve: { businessMinutes: template.timeToResolve.businessMinutes + fraction(90), calendarMinutes: template.timeToResolve.calendarMinutes + fraction(900) },
      tiers: template.tiers.map((stay) => ({ ...stay, businessMinutes: stay.businessMinutes + fraction(30), calendarMinutes: stay.calendarMinutes + fraction(300) })),
      handovers: template.handovers.map((handover) =>
        handover.gap ? { ...handover, gap: { businessMinutes: handover.gap.businessMinutes + fraction(20), calendarMinutes: handover.gap.calendarMinutes + fraction(20) } } : handover,
      ),
      clocks: template.clocks.map((clock) => {
        const breached = random() < 0.35;
        return { ...clock, outcome: breached ? 'breached' : 'met', overrunMinutes: breached ? fraction(random() < 0.5 ? 1 : 400) : 0 };
      }),
      customerMessages: template.customerMessages.concat(random() < 0.2 ? [{ at: closedAt }] : []),
      closedBusinessDay: random() < 0.2 ? '2099-01-01' : template.closedBusinessDay,
    });
  }
  return records;
}

/** A small seeded generator: the same records on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
