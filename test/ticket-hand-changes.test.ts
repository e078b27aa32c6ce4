import { expect } from 'chai';
import { loadFlowOrThrow } from '../src/flow/load-flow';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { TicketClient } from '../src/client/ticket-client';
import { SopflowError } from '../src/errors/sopflow-error';
import { catalogOf } from '../src/runtime/flow-catalog';
import { EventRefusedError, TicketClosedError, TicketEngine } from '../src/ticket/engine';
import { priorityProblem } from '../src/ticket/priority';
import type { TicketInfo } from '../src/ticket/types';

const FLOW = loadFlowOrThrow('flows/it-desk-incident.yaml');
const NOW = Date.UTC(2026, 10, 23, 9, 0);
const TICKET: TicketInfo = { number: 'T-7', customer: { id: 'c-1' }, channel: 'phone', subject: 'Printer', priority: 'P3', topic: FLOW.id, fields: {} };

function opened(): TicketEngine {
  return TicketEngine.open(FLOW, CALENDAR_24X7, TICKET, NOW).engine;
}

/** A ticket of the IT desk flow that reached its final state. */
function closed(): TicketEngine {
  const engine = opened();
  engine.send({ type: 'ACCEPT' }, NOW + 1000);
  engine.send({ type: 'CLASSIFIED', data: { category: 'server', affected_users: 3 } }, NOW + 2000);
  engine.send({ type: 'RESOLVE', data: { resolution: 'rebooted' } }, NOW + 3000);
  expect(engine.isDone, `closed in ${engine.stateName}`).to.equal(true);
  return engine;
}

describe('hand changes in the engine: assignment and priority, one rule for every door', () => {
  it('records who assigned a ticket by hand, for the tier working it, with the default reason', () => {
    const engine = opened();
    const { tier, effects } = engine.assignByHand({ agent: 'zoe', actor: 'lead' }, NOW + 1000);
    expect(tier).to.equal(engine.currentTier() ?? 'L1');
    const entry = engine.getTimeline().at(-1)!;
    expect([entry.kind, entry.agent, entry.actor, entry.reason]).to.deep.equal(['assigned', 'zoe', 'lead', 'assigned by hand']);
    expect(effects.map((effect) => effect.kind === 'notify' && effect.template)).to.include('assigned');
    engine.assignByHand({ agent: 'ben', reason: 'covering' }, NOW + 2000);
    const second = engine.getTimeline().at(-1)!;
    expect([second.agent, second.actor, second.reason]).to.deep.equal(['ben', undefined, 'covering']);
    expect(engine.status(NOW + 2000).assignee).to.equal('ben');
  });

  it('refuses a hand assignment without an agent, and one to a closed ticket, with nothing changed', () => {
    const engine = opened();
    const length = engine.getTimeline().length;
    expect(engine.assignmentRefusal({ agent: ' ' })).to.equal('an assignment names the agent who takes the ticket');
    expect(() => engine.assignByHand({ agent: '' }, NOW)).to.throw(EventRefusedError, 'names the agent');
    expect(engine.getTimeline()).to.have.length(length);
    const done = closed();
    const doneLength = done.getTimeline().length;
    expect(done.assignmentRefusal({ agent: 'zoe' })).to.equal(`ticket T-7 is closed (state '${done.stateName}')`);
    expect(() => done.assignByHand({ agent: 'zoe' }, NOW + 9000)).to.throw(TicketClosedError);
    expect(done.getTimeline()).to.have.length(doneLength);
  });

  it('records who changed the priority, and refuses an unknown priority or a closed ticket with nothing changed', () => {
    const engine = opened();
    engine.changePriority({ priority: 'P1', actor: 'lead' }, NOW + 1000);
    const entry = engine.getTimeline().at(-1)!;
    expect([entry.kind, entry.actor, entry.data]).to.deep.equal(['priority_changed', 'lead', { from: 'P3', to: 'P1' }]);
    const message = `unknown priority 'P9' for flow '${FLOW.id}'; use one of ${FLOW.priorities.join(', ')}`;
    expect(engine.priorityRefusal({ priority: 'P9' })).to.equal(message);
    expect(() => engine.changePriority({ priority: 'P9' }, NOW + 2000)).to.throw(EventRefusedError, message);
    const done = closed();
    const doneLength = done.getTimeline().length;
    expect(done.priorityRefusal({ priority: 'P1' })).to.match(/^ticket T-7 is closed/);
    expect(() => done.changePriority({ priority: 'P1' }, NOW + 9000)).to.throw(TicketClosedError);
    expect(done.getTimeline()).to.have.length(doneLength);
  });

  it('opens a ticket only with a priority of its flow, refused with the same words as a change', async () => {
    // The client is never used: the refusal comes from the flow's rules alone.
    const tickets = new TicketClient(undefined as never, catalogOf([FLOW], new Map([[FLOW.calendar, CALENDAR_24X7]])));
    let refused: unknown;
    await tickets.open({ flow: FLOW.id, customer: { id: 'c-1' }, subject: 'x', priority: 'P9' }).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(SopflowError);
    expect((refused as SopflowError).code).to.equal('BAD_ARGUMENT');
    expect((refused as Error).message).to.equal(priorityProblem(FLOW, 'P9'));
  });
});
