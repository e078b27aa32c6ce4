import { expect } from 'chai';
import { describeTrigger, transitionSites } from '../src/flow/lint/transition-sites';
import { flowSchema } from '../src/flow/schema';
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

  it('gives a transition written as a state name that name as its target path, and an object its target: key', () => {
    // The loader's positions fall back to the nearest node, so only the paths themselves show
    // that a bare name is not given a `target` below it.
    const spec = flowSchema.parse({
      id: 's',
      version: 1,
      title: 'S',
      sla: { resolution: '1d' },
      events: { GO: {}, BACK: {} },
      states: {
        start: { tier: 'L1', on: { GO: 'done', BACK: { target: 'done' } }, after: { '1d': 'done', '2d': { target: 'done' } } },
        done: { final: true },
      },
    });
    expect(transitionSites(spec).map((site) => [site.path, site.targetPath])).to.deep.equal([
      [
        ['states', 'start', 'on', 'GO'],
        ['states', 'start', 'on', 'GO'],
      ],
      [
        ['states', 'start', 'on', 'BACK'],
        ['states', 'start', 'on', 'BACK', 'target'],
      ],
      [
        ['states', 'start', 'after', '1d'],
        ['states', 'start', 'after', '1d'],
      ],
      [
        ['states', 'start', 'after', '2d'],
        ['states', 'start', 'after', '2d', 'target'],
      ],
    ]);
  });

  it('names each kind of trigger as a message does', () => {
    expect(describeTrigger({ kind: 'event', event: 'RESOLVE' })).to.equal('on RESOLVE');
    expect(describeTrigger({ kind: 'after', label: '5d' })).to.equal('after 5d');
    expect(describeTrigger({ kind: 'breach' })).to.equal('on SLA breach');
  });
});
