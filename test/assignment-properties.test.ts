import { expect } from 'chai';
import fc from 'fast-check';
import { isAbsent, pickAgent } from '../src/assignment';
import type { AgentAbsence, AgentPool, PickAgentInput } from '../src/assignment';

const DAY = 86_400_000;
const BASE = Date.parse('2025-11-01T00:00:00Z');
const SKILLS = ['network', 'sap', 'language:de', 'language:pl', 'language:en'];

const poolArb: fc.Arbitrary<AgentPool> = fc
  .record({
    strategy: fc.constantFrom<AgentPool['strategy']>('round-robin', 'least-loaded'),
    agents: fc.uniqueArray(
      fc.record({ id: fc.stringMatching(/^[a-z]{1,6}$/), skills: fc.subarray(SKILLS), capacity: fc.integer({ min: 0, max: 6 }) }),
      { minLength: 1, maxLength: 8, selector: (a) => a.id },
    ),
  });

function inputArb(pool: AgentPool): fc.Arbitrary<PickAgentInput> {
  const ids = pool.agents.map((a) => a.id);
  const absence: fc.Arbitrary<AgentAbsence> = fc
    .record({ agent: fc.constantFrom(...ids), start: fc.integer({ min: 0, max: 20 }), days: fc.integer({ min: 1, max: 10 }) })
    .map(({ agent, start, days }) => ({ agent, from: new Date(BASE + start * DAY).toISOString(), to: new Date(BASE + (start + days) * DAY).toISOString() }));
  return fc.record({
    pool: fc.constant(pool),
    loads: fc.dictionary(fc.constantFrom(...ids), fc.integer({ min: 0, max: 8 })),
    absences: fc.array(absence, { maxLength: 6 }),
    at: fc.integer({ min: 0, max: 30 * DAY }).map((ms) => new Date(BASE + ms).toISOString()),
    ticketFields: fc.record({ language: fc.constantFrom('de', 'pl', 'en', 'fr') }),
    requiredSkills: fc.subarray(['network', 'sap'], { maxLength: 1 }),
    exclude: fc.subarray(ids, { maxLength: Math.min(2, ids.length) }),
    roundRobinCursor: fc.integer({ min: -3, max: 12 }),
  });
}

const scenario = poolArb.chain(inputArb);

describe('assignment: properties', () => {
  it('never picks an absent, excluded, unskilled or full agent; says why when nobody qualifies', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const r = pickAgent(input);
        const qualifies = (id: string): boolean => {
          const agent = input.pool.agents.find((a) => a.id === id);
          return (
            agent !== undefined &&
            !isAbsent(id, input.absences, input.at) &&
            !(input.exclude ?? []).includes(id) &&
            (input.requiredSkills ?? []).every((s) => agent.skills.includes(s)) &&
            (input.loads[id] ?? 0) < agent.capacity
          );
        };
        if ('none' in r) {
          expect(input.pool.agents.some((a) => qualifies(a.id)), r.none).to.equal(false);
        } else {
          expect(qualifies(r.agentId), r.agentId).to.equal(true);
          expect(r.nextCursor).to.be.within(0, input.pool.agents.length - 1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('round-robin visits every agent once per round when all are available', () => {
    fc.assert(
      fc.property(poolArb, fc.integer({ min: 0, max: 20 }), (pool, startCursor) => {
        const agents = pool.agents.map((a) => ({ ...a, capacity: Math.max(1, a.capacity) }));
        const rr: AgentPool = { strategy: 'round-robin', agents };
        let cursor = startCursor;
        const seen: string[] = [];
        for (let i = 0; i < agents.length; i++) {
          const r = pickAgent({ pool: rr, loads: {}, absences: [], at: '2025-11-24T09:00:00Z', roundRobinCursor: cursor });
          if ('none' in r) return expect.fail(r.none);
          seen.push(r.agentId);
          cursor = r.nextCursor;
        }
        expect([...seen].sort()).to.deep.equal(agents.map((a) => a.id).sort());
      }),
      { numRuns: 300 },
    );
  });

  it('round-robin with some agents unavailable still reaches each available one within a round', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const rr = { ...input, pool: { ...input.pool, strategy: 'round-robin' as const } };
        const available = new Set<string>();
        for (let c = 0; c < rr.pool.agents.length; c++) {
          const r = pickAgent({ ...rr, roundRobinCursor: c });
          if (!('none' in r)) available.add(r.agentId);
        }
        let cursor = rr.roundRobinCursor ?? 0;
        const seen = new Set<string>();
        for (let i = 0; i < available.size; i++) {
          const r = pickAgent({ ...rr, roundRobinCursor: cursor });
          if ('none' in r) return;
          seen.add(r.agentId);
          cursor = r.nextCursor;
        }
        expect([...seen].sort()).to.deep.equal([...available].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('least-loaded never picks someone busier (relative to capacity) than an equally suitable colleague', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const ll = { ...input, pool: { ...input.pool, strategy: 'least-loaded' as const }, ticketFields: {}, requiredSkills: [], exclude: [], absences: [] };
        const r = pickAgent(ll);
        if ('none' in r) return;
        const ratio = (id: string): number => (ll.loads[id] ?? 0) / (ll.pool.agents.find((a) => a.id === id)?.capacity ?? 1);
        for (const a of ll.pool.agents) {
          if ((ll.loads[a.id] ?? 0) < a.capacity) expect(ratio(r.agentId)).to.be.at.most(ratio(a.id));
        }
      }),
      { numRuns: 300 },
    );
  });
});
