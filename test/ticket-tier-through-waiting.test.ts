import { expect } from 'chai';
import type { FlowDefinition } from '../src/flow/definition';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { ModelTicket } from '../src/testing';
import { TicketEngine } from '../src/ticket/engine';
import type { EngineEffect, EngineRules } from '../src/ticket/engine';
import type { TicketInfo } from '../src/ticket/types';
import { flowFromYaml, THROUGH_WAITING_FLOW } from './helpers/flow-fixtures';
import { MIN } from './helpers/time-units';

/*
 * A ticket waiting for the customer still belongs to the tier it waits for (README, Escalation):
 * L1 -> waiting -> L2 is an escalation like L1 -> L2, so the customer is told `escalated` and
 * the L2 owner is picked for an escalation; back from waiting into the tier it waited for is a
 * plain status change. The engine and the independent model must both say so. A workflow that
 * recorded its history before this rule replays with the old one (EngineRules).
 */

const T0 = Date.UTC(2026, 11, 2, 9, 0);
const ticket: TicketInfo = { number: 'W-1', customer: { id: 'c-1' }, channel: 'mail', subject: 'VPN', priority: 'P2', topic: 'through-waiting', fields: {} };

/** The customer mails and owner picks of some effects, as `template` and `assign L2 (reason)`. */
function told(effects: EngineEffect[]): string[] {
  return effects.map((effect) => (effect.kind === 'notify' ? `${effect.template}/${effect.audience}` : `assign ${effect.tier} (${effect.reason})`)).sort();
}

describe('a move out of a waiting state compares with the tier the ticket waited for', () => {
  let flow: FlowDefinition;

  beforeEach(() => {
    flow = flowFromYaml(THROUGH_WAITING_FLOW);
  });

  function waitingAtL1(rules?: EngineRules): TicketEngine {
    const { engine } = TicketEngine.open(flow, CALENDAR_24X7, ticket, T0, rules);
    engine.recordAssignment('ann', 'L1', 'new ticket', T0);
    engine.send({ type: 'ASK' }, T0 + MIN);
    return engine;
  }

  it('L1 -> waiting -> L2 is an escalation: mail escalated, the L2 owner picked for an escalation', () => {
    const engine = waitingAtL1();
    expect(told(engine.send({ type: 'NEEDS_L2' }, T0 + 10 * MIN))).to.deep.equal(['assign L2 (escalation)', 'escalated/customer']);
    expect(engine.status(T0 + 10 * MIN).tier).to.equal('L2');
  });

  it('L1 -> waiting -> L1 is a plain status change and keeps the owner', () => {
    const engine = waitingAtL1();
    expect(told(engine.send({ type: 'REPLIED' }, T0 + 10 * MIN))).to.deep.equal(['status_changed/customer']);
  });

  it('L2 -> waiting -> L1 (declared a de-escalation) is a hand-over, not an escalation', () => {
    const { engine } = TicketEngine.open(flow, CALENDAR_24X7, ticket, T0);
    engine.recordAssignment('ann', 'L1', 'new ticket', T0);
    engine.send({ type: 'NEEDS_L2' }, T0 + MIN);
    engine.recordAssignment('bob', 'L2', 'escalation', T0 + MIN);
    engine.send({ type: 'ASK' }, T0 + 2 * MIN);
    expect(told(engine.send({ type: 'BACK_TO_L1' }, T0 + 10 * MIN))).to.deep.equal(['assign L1 (handover)', 'status_changed/customer']);
  });

  it('a ticket that ran under the older rule keeps it: the same move is a hand-over with a status mail', () => {
    let asked = 0;
    const engine = waitingAtL1({
      tierThroughWaiting: () => {
        asked += 1;
        return false;
      },
    });
    expect(asked, 'nothing so far depended on the rule').to.equal(0);
    expect(told(engine.send({ type: 'NEEDS_L2' }, T0 + 10 * MIN))).to.deep.equal(['assign L2 (handover)', 'status_changed/customer']);
    expect(asked).to.be.greaterThan(0);
  });

  it('the independent model predicts the same for each of these moves', () => {
    const escalated = ModelTicket.open(flow, CALENDAR_24X7, ticket, T0);
    escalated.send({ type: 'ASK' }, T0 + MIN);
    escalated.observe(T0 + MIN, false);
    escalated.send({ type: 'NEEDS_L2' }, T0 + 10 * MIN);
    const up = escalated.observe(T0 + 10 * MIN, false);
    expect(up.notifications).to.include('escalated/customer').and.not.include('status_changed/customer');
    expect(up.assignments).to.deep.equal(['L2']);

    const back = ModelTicket.open(flow, CALENDAR_24X7, ticket, T0);
    back.send({ type: 'ASK' }, T0 + MIN);
    back.observe(T0 + MIN, false);
    back.send({ type: 'REPLIED' }, T0 + 10 * MIN);
    const same = back.observe(T0 + 10 * MIN, false);
    expect(same.notifications).to.deep.equal(['status_changed/customer']);
    expect(same.assignments).to.deep.equal([]);
  });
});
