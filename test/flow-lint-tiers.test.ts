import { expect } from 'chai';
import { lintLines } from './helpers/lint-lines';

/*
 * The tier-order rule through waiting states: a ticket comes back from waiting to the tier it
 * waited from, so every tier it can have waited from is checked where it re-enters a tier,
 * each tier once. Positions are 1-based line:column.
 */
const ESCALATE_HINT = '(escalate one tier at a time, or add deescalate: true if this is intended)';

describe('tier order', () => {
  it('reports each tier a ticket can have waited from once, naming the first state of that tier', () => {
    const text = `id: t
version: 1
title: T
sla: { resolution: 1d }
events: { GO: {}, ASK: {}, BACK: {}, OTHER: {} }
states:
  l1_work:
    tier: L1
    on: { GO: l2_work, ASK: waiting, OTHER: l2_other }
  l2_work:
    tier: L2
    on: { GO: l3_work, ASK: waiting, BACK: done }
  l2_other:
    tier: L2
    on: { ASK: waiting, BACK: done }
  l3_work:
    tier: L3
    on: { ASK: waiting, BACK: done }
  waiting:
    waiting: true
    on: { BACK: l1_work }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal([
      `f.yaml:21:17: transition from L2 state 'l2_work' to L1 state 'l1_work' (through waiting state 'waiting') moves down a tier ${ESCALATE_HINT}`,
      `f.yaml:21:17: transition from L3 state 'l3_work' to L1 state 'l1_work' (through waiting state 'waiting') moves down a tier ${ESCALATE_HINT}`,
    ]);
  });

  it('follows a chain of waiting states written before the state the ticket waited from', () => {
    // The origin reaches waiting_b only on a second pass over the transitions, in file order.
    const text = `id: t
version: 1
title: T
sla: { resolution: 1d }
events: { GO: {}, ASK: {}, BACK: {} }
initial: l1_work
states:
  waiting_b:
    waiting: true
    on: { BACK: l3_work }
  waiting_a:
    waiting: true
    on: { BACK: waiting_b }
  l1_work:
    tier: L1
    on: { ASK: waiting_a, GO: l2_work }
  l2_work:
    tier: L2
    on: { GO: l3_work }
  l3_work:
    tier: L3
    on: { BACK: done }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal([
      `f.yaml:10:17: transition from L1 state 'l1_work' to L3 state 'l3_work' (through waiting state 'waiting_b') skips L2 ${ESCALATE_HINT}`,
    ]);
  });

  it('sees through a waiting state that has a tier anyway, which state-kind reports', () => {
    // The ticket waits from L3 and comes back to L3; the stray L1 of the waiting state is not
    // where it comes from, so going back is no skip.
    const text = `id: t
version: 1
title: T
sla: { resolution: 1d }
events: { ASK: {}, BACK: {} }
states:
  l3_work:
    tier: L3
    on: { ASK: waiting, BACK: done }
  waiting:
    waiting: true
    tier: L1
    on: { BACK: l3_work }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal([
      'f.yaml:12:5: a waiting state has no tier: the ticket waits outside support (remove tier:; the tier is the one of the state the ticket came from)',
    ]);
  });

  it('checks where a breach goes, with a hint of its own', () => {
    const text = `id: t
version: 1
title: T
sla: { resolution: 1d }
events: { GO: {}, BACK: {} }
states:
  l1_work:
    tier: L1
    sla: { due: 1h, on_breach: { goto: l3_work } }
    on: { GO: l2_work }
  l2_work:
    tier: L2
    on: { GO: l3_work }
  l3_work:
    tier: L3
    on: { BACK: done }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal([
      "f.yaml:9:40: transition from L1 state 'l1_work' to L3 state 'l3_work' skips L2 (on_breach may go to a state of the same tier or the next one)",
    ]);
  });
});
