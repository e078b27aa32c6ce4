import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { AssignmentError, isAbsent, pickAgent } from '../src/assignment';
import type { AgentPool, PickAgentInput } from '../src/assignment';
import { loadConfig } from '../src/config';

const AT = '2025-11-24T09:00:00Z';
const pool = (strategy: AgentPool['strategy']): AgentPool => ({
  strategy,
  agents: [
    { id: 'anna', skills: ['language:de', 'language:en', 'm365'], capacity: 10 },
    { id: 'jonas', skills: ['language:de', 'hardware'], capacity: 10 },
    { id: 'magda', skills: ['language:pl', 'language:de'], capacity: 4 },
  ],
});
const input = (over: Partial<PickAgentInput> = {}): PickAgentInput => ({ pool: pool('round-robin'), loads: {}, absences: [], at: AT, ...over });

describe('assignment: isAbsent', () => {
  const absences = [{ agent: 'anna', from: '2025-11-24T00:00:00+01:00', to: '2025-11-29T00:00:00+01:00' }];
  it('is absent from the start (inclusive) to the end (exclusive)', () => {
    expect(isAbsent('anna', absences, '2025-11-23T23:00:00Z')).to.equal(true);
    expect(isAbsent('anna', absences, '2025-11-23T22:59:59Z')).to.equal(false);
    expect(isAbsent('anna', absences, '2025-11-28T22:59:59Z')).to.equal(true);
    expect(isAbsent('anna', absences, '2025-11-28T23:00:00Z')).to.equal(false);
    expect(isAbsent('jonas', absences, AT)).to.equal(false);
  });
  it('names a bad instant and where it is', () => {
    expect(() => isAbsent('anna', [{ agent: 'anna', from: 'Montag', to: AT }], AT)).to.throw(AssignmentError, 'absences[0].from: "Montag" is not an ISO instant');
    expect(() => isAbsent('anna', [], 'soon')).to.throw(AssignmentError, 'at: "soon"');
  });
});

describe('assignment: pickAgent', () => {
  it('round-robin takes turns from the cursor and hands back the next cursor', () => {
    let cursor = 0;
    const picked: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = pickAgent(input({ roundRobinCursor: cursor }));
      if ('none' in r) expect.fail(r.none);
      picked.push(r.agentId);
      cursor = r.nextCursor;
    }
    expect(picked).to.deep.equal(['anna', 'jonas', 'magda', 'anna']);
  });

  it('skips absent, excluded and full agents', () => {
    const r = pickAgent(input({
      absences: [{ agent: 'anna', from: '2025-11-24T00:00:00Z', to: '2025-11-25T00:00:00Z' }],
      exclude: ['jonas'],
      roundRobinCursor: 0,
    }));
    expect(r).to.deep.equal({ agentId: 'magda', nextCursor: 0 });
    expect(pickAgent(input({ loads: { anna: 10 }, roundRobinCursor: 0 }))).to.deep.include({ agentId: 'jonas' });
  });

  it('requires every required skill, case-insensitively', () => {
    expect(pickAgent(input({ requiredSkills: ['Hardware'] }))).to.deep.include({ agentId: 'jonas' });
    expect(pickAgent(input({ requiredSkills: ['sap'] }))).to.deep.equal({
      none: 'no agent can take the ticket: anna lacks sap; jonas lacks sap; magda lacks sap',
    });
  });

  it('prefers agents whose key:value skills match ticket fields (a Polish customer gets a Polish speaker)', () => {
    expect(pickAgent(input({ ticketFields: { language: 'pl' }, roundRobinCursor: 0 }))).to.deep.include({ agentId: 'magda' });
    // …but only as a preference: when she is away, someone else still takes the ticket.
    expect(pickAgent(input({ ticketFields: { language: 'PL' }, exclude: ['magda'], roundRobinCursor: 2 }))).to.deep.include({ agentId: 'anna' });
    // Fields no agent skill mentions change nothing.
    expect(pickAgent(input({ ticketFields: { product: 'sap', count: 3 }, roundRobinCursor: 1 }))).to.deep.include({ agentId: 'jonas' });
  });

  it('least-loaded takes the lowest load relative to capacity, ties in turn order', () => {
    const p = pool('least-loaded');
    expect(pickAgent(input({ pool: p, loads: { anna: 5, jonas: 3, magda: 1 } }))).to.deep.include({ agentId: 'magda' });
    expect(pickAgent(input({ pool: p, loads: { anna: 5, jonas: 3, magda: 2 } }))).to.deep.include({ agentId: 'jonas' });
    expect(pickAgent(input({ pool: p, loads: {}, roundRobinCursor: 1 }))).to.deep.equal({ agentId: 'jonas', nextCursor: 2 });
    expect(pickAgent(input({ pool: p, loads: {}, roundRobinCursor: 2 }))).to.deep.equal({ agentId: 'magda', nextCursor: 0 });
  });

  it('says why nobody could be picked', () => {
    const r = pickAgent(input({
      loads: { jonas: 10 },
      absences: [{ agent: 'anna', from: '2025-11-01T00:00:00Z', to: '2025-12-01T00:00:00Z' }],
      exclude: ['magda'],
    }));
    expect(r).to.deep.equal({ none: 'no agent can take the ticket: anna absent; jonas at capacity (10/10); magda excluded' });
    expect(pickAgent(input({ pool: { strategy: 'round-robin', agents: [] } }))).to.deep.equal({ none: 'the pool has no agents' });
  });

  it('copes with a stale cursor after the pool shrank', () => {
    expect(pickAgent(input({ roundRobinCursor: 7 }))).to.deep.equal({ agentId: 'jonas', nextCursor: 2 });
    expect(pickAgent(input({ roundRobinCursor: -1 }))).to.deep.equal({ agentId: 'magda', nextCursor: 0 });
    expect(pickAgent(input({ roundRobinCursor: Number.NaN }))).to.deep.equal({ agentId: 'anna', nextCursor: 1 });
  });

  it('accepts the configured pools as they are', () => {
    const config = loadConfig('sopflow.config.yaml', {});
    const l2 = config.pools['L2'];
    if (!l2) expect.fail('no L2 pool');
    const r = pickAgent({ pool: l2, loads: {}, absences: [], at: AT, ticketFields: { language: 'pl' }, requiredSkills: ['network'] });
    expect(r).to.deep.include({ agentId: 'p.nowak' });
  });

  it('uses no Node built-ins, so workflows may import it', () => {
    for (const file of ['index', 'pick-agent', 'is-absent', 'instant', 'types', 'assignment-error']) {
      const source = readFileSync(`src/assignment/${file}.ts`, 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((i) => !i?.startsWith('./')), file).to.deep.equal([]);
    }
  });
});
