import { expect } from 'chai';
import fc from 'fast-check';
import { DirectoryState } from '../src/assignment/directory-state';
import type { OwnerDecision, OwnerRequest } from '../src/assignment/directory-state';
import type { AgentAbsence, AgentPool } from '../src/assignment';

const AT = '2026-12-01T10:00:00.000Z';
const pool = (strategy: AgentPool['strategy'], capacities: number[]): AgentPool => ({
  strategy,
  agents: capacities.map((capacity, index) => ({ id: `a${index}`, skills: index % 2 ? ['sap'] : [], capacity })),
});
const request = (ticket: string, p: AgentPool, extra: Partial<OwnerRequest> = {}): OwnerRequest => ({
  id: `${ticket}:1`,
  ticket,
  tier: 'L1',
  fields: {},
  exclude: [],
  pool: p,
  ...extra,
});

/** What happens to the book, in any order: tickets asking, closing, being assigned by hand. */
type Step = { kind: 'ask'; ticket: number; skill: boolean; retry: boolean } | { kind: 'close'; ticket: number } | { kind: 'serve' };
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('ask' as const), ticket: fc.integer({ min: 0, max: 40 }), skill: fc.boolean(), retry: fc.boolean() }),
  fc.record({ kind: fc.constant('close' as const), ticket: fc.integer({ min: 0, max: 40 }) }),
  fc.constant({ kind: 'serve' as const }),
);

describe('agent directory book (pure)', () => {
  it('never puts an agent over capacity, never loses a ticket, and serves the queue as capacity frees, under any interleaving', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<AgentPool['strategy']>('round-robin', 'least-loaded'),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 }),
        fc.array(stepArb, { maxLength: 120 }),
        fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
        (strategy, capacities, steps, absentIndex) => {
          const p = pool(strategy, capacities);
          const absences: AgentAbsence[] = absentIndex !== undefined && absentIndex < capacities.length ? [{ agent: `a${absentIndex}`, from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z' }] : [];
          const book = new DirectoryState();
          // The test's own account: who holds what, who waits (independent of the book's internals).
          const owner = new Map<string, string>();
          const waiting = new Set<string>();
          const asked = new Map<string, number>();
          const needsSkill = new Map<string, boolean>();
          for (const step of steps) {
            const ticket = `T${'ticket' in step ? step.ticket : ''}`;
            if (step.kind === 'ask') {
              const turn = step.retry && asked.has(ticket) ? asked.get(ticket)! : (asked.get(ticket) ?? 0) + 1;
              asked.set(ticket, turn);
              if (!step.retry || !needsSkill.has(ticket)) needsSkill.set(ticket, step.skill);
              const decision: OwnerDecision = book.request(request(ticket, p, { id: `${ticket}:${turn}`, ...(step.skill ? { skill: 'sap' } : {}) }), absences, AT);
              if (!step.retry || !owner.has(ticket)) {
                owner.delete(ticket);
                waiting.delete(ticket);
              }
              if ('agent' in decision) {
                expect(absences.some((absence) => absence.agent === decision.agent), 'an absent agent was picked').to.equal(false);
                owner.set(ticket, decision.agent);
                waiting.delete(ticket);
              } else if ('queued' in decision) waiting.add(ticket);
            } else if (step.kind === 'close') {
              book.report({ ticket });
              owner.delete(ticket);
              waiting.delete(ticket);
            } else {
              for (const offer of book.serveQueue(absences, AT)) {
                expect(waiting.has(offer.ticket), `${offer.ticket} was offered but did not wait`).to.equal(true);
                waiting.delete(offer.ticket);
                owner.set(offer.ticket, offer.agent);
              }
            }
            const loads = book.loads();
            for (const agent of p.agents) {
              const held = [...owner.values()].filter((id) => id === agent.id).length;
              expect(loads[agent.id] ?? 0, `load of ${agent.id}`).to.equal(held);
              expect(held, `${agent.id} over capacity`).to.be.at.most(agent.capacity);
            }
            expect(Object.values(book.queued()).reduce((a, b) => a + b, 0), 'queue length').to.equal(waiting.size);
          }
          // Once everyone closes their tickets, every waiting ticket that someone present could take gets an owner.
          for (const ticket of [...owner.keys()]) {
            book.report({ ticket });
            owner.delete(ticket);
          }
          const offers = book.serveQueue(absences, AT);
          const held = new Map<string, number>();
          for (const offer of offers) {
            expect(waiting.delete(offer.ticket), `${offer.ticket} offered twice or never waited`).to.equal(true);
            held.set(offer.agent, (held.get(offer.agent) ?? 0) + 1);
          }
          for (const ticket of waiting) {
            const free = p.agents.filter(
              (agent) => !absences.some((absence) => absence.agent === agent.id) && (!needsSkill.get(ticket) || agent.skills.includes('sap')) && (held.get(agent.id) ?? 0) < agent.capacity,
            );
            expect(free.map((agent) => agent.id), `${ticket} still waits although these agents are free`).to.deep.equal([]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers a retried request with its first decision and counts it once', () => {
    const p = pool('round-robin', [1, 1]);
    const book = new DirectoryState();
    const first = book.request(request('T1', p), [], AT);
    const retry = book.request(request('T1', p), [], AT);
    expect(retry).to.deep.equal(first);
    expect(book.loads()).to.deep.equal({ a0: 1 });
    expect(book.request(request('T2', p, { id: 'T2:1' }), [], AT)).to.deep.equal({ agent: 'a1' });
    expect(book.request(request('T3', p, { id: 'T3:1' }), [], AT)).to.deep.include({ queued: true, alertTeam: true });
    // The second waiting ticket does not alert the team again.
    expect(book.request(request('T4', p, { id: 'T4:1' }), [], AT)).to.deep.include({ queued: true, alertTeam: false });
    book.report({ ticket: 'T1' });
    expect(book.serveQueue([], AT)).to.deep.equal([{ ticket: 'T3', requestId: 'T3:1', tier: 'L1', agent: 'a0' }]);
    // Asked again after it was served (a durable retry), T3 gets the agent it was given.
    expect(book.request(request('T3', p, { id: 'T3:1' }), [], AT)).to.deep.equal({ agent: 'a0' });
    expect(book.loads()).to.deep.equal({ a0: 1, a1: 1 });
  });

  it('answers a retry that arrives after its ticket closed without holding an agent for it', () => {
    const p = pool('round-robin', [1]);
    const book = new DirectoryState();
    expect(book.request(request('T1', p), [], AT)).to.deep.equal({ agent: 'a0' });
    book.report({ ticket: 'T1' });
    expect(book.request(request('T1', p), [], AT)).to.have.property('why').that.matches(/stale/);
    expect(book.loads()).to.deep.equal({});
  });

  it('hands out round-robin turns evenly and least-loaded by relative load', () => {
    const even = new DirectoryState();
    const rr = pool('round-robin', [10, 10, 10]);
    const picks = Array.from({ length: 9 }, (_, i) => book(even.request(request(`R${i}`, rr, { id: `R${i}` }), [], AT)));
    expect(picks).to.deep.equal(['a0', 'a1', 'a2', 'a0', 'a1', 'a2', 'a0', 'a1', 'a2']);
    const least = new DirectoryState();
    const ll = pool('least-loaded', [2, 6]);
    const seen = Array.from({ length: 8 }, (_, i) => book(least.request(request(`L${i}`, ll, { id: `L${i}` }), [], AT)));
    expect(seen.filter((agent) => agent === 'a0')).to.have.length(2);
    expect(seen.filter((agent) => agent === 'a1')).to.have.length(6);
  });

  it('refuses at once when nobody could ever take the ticket, instead of queueing it forever', () => {
    const book = new DirectoryState();
    const decision = book.request(request('T1', pool('round-robin', [3]), { skill: 'sap' }), [], AT);
    expect(decision).to.have.property('why').that.matches(/lacks sap/);
    expect(decision).to.not.have.property('queued');
    expect(book.queued()).to.deep.equal({});
  });

  it('lists the tickets an agent holds, and carries everything across continue-as-new', () => {
    const p = pool('round-robin', [2, 0]);
    const book = new DirectoryState();
    book.request(request('T1', p, { id: 'T1' }), [], AT);
    book.request(request('T2', p, { id: 'T2' }), [], AT);
    book.request(request('T3', p, { id: 'T3' }), [], AT);
    book.report({ ticket: 'T9', agent: 'a1', tier: 'L1' });
    const next = new DirectoryState(JSON.parse(JSON.stringify(book.carry())));
    expect(next.ticketsOf('a0')).to.deep.equal(['T1', 'T2']);
    expect(next.loads()).to.deep.equal({ a0: 2, a1: 1 });
    expect(next.queued()).to.deep.equal({ L1: 1 });
    next.report({ ticket: 'T1' });
    expect(next.serveQueue([], AT).map((offer) => offer.ticket)).to.deep.equal(['T3']);
  });
});

function book(decision: OwnerDecision): string {
  if (!('agent' in decision)) throw new Error(`expected an agent, got ${JSON.stringify(decision)}`);
  return decision.agent;
}
