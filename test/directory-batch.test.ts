import { expect } from 'chai';
import type { AgentPool } from '../src/assignment';
import { requestsWithPools } from '../src/workflows/agent-directory-messages';

const pool = (id: string): AgentPool => ({ strategy: 'round-robin', agents: [{ id, skills: [], capacity: 3 }] });
const request = (ticket: string, tier: string) => ({ id: `${ticket}:1`, ticket, tier, fields: {}, exclude: [] });

describe('agent directory batch (pools once per batch)', () => {
  it('gives every request its tier’s pool from the batch', () => {
    const resolved = requestsWithPools({ requests: [request('T-1', 'L1'), request('T-2', 'L2'), request('T-3', 'L1')], reports: [], pools: { L1: pool('a'), L2: pool('b') } });
    expect(resolved.map((owner) => owner?.pool.agents[0]?.id)).to.deep.equal(['a', 'b', 'a']);
    expect(resolved.map((owner) => owner?.ticket)).to.deep.equal(['T-1', 'T-2', 'T-3']);
  });

  it('keeps the pool a request of an older worker carries itself, over the batch’s', () => {
    const [owner] = requestsWithPools({ requests: [{ ...request('T-1', 'L1'), pool: pool('own') }], reports: [], pools: { L1: pool('batch') } });
    expect(owner?.pool.agents[0]?.id).to.equal('own');
  });

  it('leaves a request without a pool undecided rather than guessing one', () => {
    const resolved = requestsWithPools({ requests: [request('T-1', 'L3'), request('T-2', 'L1')], reports: [], pools: { L1: pool('a') } });
    expect(resolved[0]).to.equal(undefined);
    expect(resolved[1]?.pool.agents[0]?.id).to.equal('a');
  });
});
