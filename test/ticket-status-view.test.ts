import { expect } from 'chai';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { TicketEngine } from '../src/ticket/engine';
import type { TicketInfo } from '../src/ticket/types';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import { HOUR } from './helpers/time-units';

/*
 * The engine keeps the status it last computed for one instant until the ticket changes: a
 * workflow task asks for it several times at one instant. Every change within that instant
 * must still show at once (ESCALATION_FLOW, 24x7, P2: resolution 24 h, P1 8 h).
 */

const T0 = Date.UTC(2026, 11, 2, 9, 0);
const ticket: TicketInfo = { number: 'S-1', customer: { id: 'c-1' }, channel: 'mail', subject: 'Printer', priority: 'P2', topic: 'escalation-test', fields: {} };

describe('the status view of a ticket', () => {
  function opened(): TicketEngine {
    return TicketEngine.open(flowFromYaml(ESCALATION_FLOW), CALENDAR_24X7, ticket, T0).engine;
  }

  it('shows each change made at the same instant as the view before it', () => {
    const engine = opened();
    expect(engine.status(T0)).to.deep.include({ state: 'intake', priority: 'P2', dueAt: new Date(T0 + 24 * HOUR).toISOString() });
    expect(engine.status(T0)).to.not.have.property('assignee');

    engine.recordAssignment('ann', 'L1', 'new ticket', T0);
    expect(engine.status(T0).assignee).to.equal('ann');

    engine.changePriority({ priority: 'P1' }, T0);
    expect(engine.status(T0)).to.deep.include({ priority: 'P1', dueAt: new Date(T0 + 8 * HOUR).toISOString() });

    engine.send({ type: 'ACCEPT' }, T0);
    expect(engine.status(T0).state).to.equal('l1_triage');
  });

  it('is computed again for another instant: the clocks move on', () => {
    const engine = opened();
    expect(engine.status(T0).clocks.find((clock) => clock.kind === 'resolution')?.status).to.equal('ok');
    // Resolution warns at 75 % of 24 h: 18 h.
    expect(engine.status(T0 + 19 * HOUR).clocks.find((clock) => clock.kind === 'resolution')?.status).to.equal('warning');
  });
});
