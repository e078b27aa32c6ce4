import { expect } from 'chai';
import { describeTrigger } from '../src/flow/lint/transition-sites';
import { lintLines } from './helpers/lint-lines';

/*
 * A problem with a transition points at its target's name, however the transition is written:
 * a state name, an object with `target:`, a list of them, under `on:` or `after:`.
 */
describe('where lint points at a transition', () => {
  it('points at the target of each spelling of on: and after:', () => {
    const text = `id: s
version: 1
title: S
sla: { resolution: 1d }
events: { GO: {}, BACK: {} }
states:
  start:
    tier: L1
    on:
      GO: { target: nowhere_a }
      BACK: [{ target: nowhere_b }]
    after:
      1d: lost_a
      2d: { target: lost_b }
  done: { final: true }
`;
    const hint = '(states of this flow: start, done)';
    expect(lintLines(text)).to.deep.equal([
      `f.yaml:10:21: unknown state 'nowhere_a' ${hint}`,
      `f.yaml:11:24: unknown state 'nowhere_b' ${hint}`,
      `f.yaml:13:11: unknown state 'lost_a' ${hint}`,
      `f.yaml:14:21: unknown state 'lost_b' ${hint}`,
    ]);
  });

  it('names each kind of trigger as a message does', () => {
    expect(describeTrigger({ kind: 'event', event: 'RESOLVE' })).to.equal('on RESOLVE');
    expect(describeTrigger({ kind: 'after', label: '5d' })).to.equal('after 5d');
    expect(describeTrigger({ kind: 'breach' })).to.equal('on SLA breach');
  });
});
