import { DateTime } from 'luxon';
import type { FlowCatalog } from '../../src/runtime/flow-catalog';
import { CALENDAR_24X7 } from '../../src/sla/business-calendar';
import type { ClosedTicketRecord } from '../../src/ticket/closed-ticket-record';
import { recordOf } from './archive-records';
import type { EngineStep } from './archive-records';

/**
 * Closed tickets of the catalog's `password-reset` flow (P2) with outcomes known by hand, on the
 * 24x7 calendar so business minutes equal wall-clock minutes whatever day the test runs. Due
 * dates at P2: `new` 30 min, `l1_identity_check` 1 h, `l1_reset_password` 1 h; first response
 * 30 min, resolution 1 day.
 *
 * Last week (Tuesday 09:00 UTC), each accepted, identity checked, resolved the same day:
 *   A: new 10, identity 20, reset 10 min: all met.
 *   B: new 50 (breached, first response too), identity 20, reset 20 min.
 *   C: new 20, identity 20, reset 10 min: all met.
 * The week before (Tuesday 09:00 UTC), resolved the next day:
 *   D: new 10, identity 10, reset 1480 min (breached by 1420), resolution 1500 min (breached).
 *
 * So per state: new 3 of 4 met (75 %), p50 of 10, 10, 20, 50 = 10 min; identity 4 of 4,
 * p50 of 10, 20, 20, 20 = 20 min; reset 3 of 4 met, p50 of 10, 10, 20, 1480 = 10 min.
 * Per week: last week 13 of 15 clocks met (86.7 %), 3 of 3 the same day (100 %); the week
 * before 3 of 5 met (60 %), none the same day (0 %).
 */
export function passwordResetFixture(catalog: FlowCatalog, now = Date.now(), prefix = 'SOP-FIX'): ClosedTicketRecord[] {
  const flow = catalog.flow('password-reset');
  const lastWeek = DateTime.fromMillis(now, { zone: 'utc' }).startOf('week').minus({ weeks: 1 }).plus({ days: 1, hours: 9 });
  const weekBefore = lastWeek.minus({ weeks: 1 });
  const ticket = (number: string, opened: DateTime, minutes: [number, number, number]): ClosedTicketRecord => {
    const at = (offset: number) => opened.plus({ minutes: offset }).toISO()!;
    const [inNew, inIdentity, inReset] = minutes;
    const steps: EngineStep[] = [
      { at: at(1), assign: 'anna.schmidt' },
      { at: at(inNew), event: { type: 'ACCEPT', actor: 'anna.schmidt' } },
      { at: at(inNew + inIdentity), event: { type: 'IDENTITY_CHECKED', data: { verified: true, method: 'callback' }, actor: 'anna.schmidt' } },
      { at: at(inNew + inIdentity + inReset), event: { type: 'RESOLVE', data: { resolution: 'reset by hand' }, actor: 'anna.schmidt' } },
    ];
    return recordOf(steps, {
      number,
      openedAt: opened.toISO()!,
      flow,
      calendar: CALENDAR_24X7,
      ticket: { priority: 'P2', topic: flow.id, customer: { id: `C-${number}`, name: 'Erika Mustermann', email: 'erika@kunde.example', language: 'de' } },
    });
  };
  return [
    ticket(`${prefix}-A`, lastWeek, [10, 20, 10]),
    ticket(`${prefix}-B`, lastWeek, [50, 20, 20]),
    ticket(`${prefix}-C`, lastWeek, [20, 20, 10]),
    ticket(`${prefix}-D`, weekBefore, [10, 10, 1480]),
  ];
}
