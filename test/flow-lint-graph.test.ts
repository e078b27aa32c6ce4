import { expect } from 'chai';
import { canReach, flowGraph, reachableFrom } from '../src/flow/lint/flow-graph';
import type { StateGraph } from '../src/flow/lint/flow-graph';
import { compileMachine } from '../src/flow/machine';
import { flowFromYaml } from './helpers/flow-fixtures';

/*
 * The state graph the reachability rule walks. XState refuses to build a machine with a target
 * it does not know, and silently keeps one of two timeouts of the same delay or a final state's
 * transitions, so the graph is built from a sanitized copy whenever the flow has such a mistake.
 * Each case below has exactly one of them, and in every state, where the mistake allows it: a
 * state without the part in question (no `on:`, no `after:`, a final state without edges) would
 * make a mutated check that wrongly sanitizes nothing look right.
 */

/** A flow with events GO and BACK and the given states, which need not be a valid flow. */
function graphOf(states: string): Record<string, string[]> {
  const definition = flowFromYaml(`id: g
version: 1
title: G
sla: { resolution: 1d }
events: { GO: {}, BACK: {} }
states:
${states}
`);
  return plain(flowGraph(definition));
}

function plain(graph: StateGraph): Record<string, string[]> {
  return Object.fromEntries([...graph].map(([state, targets]) => [state, [...targets].sort()]));
}

describe('the state graph of a flow', () => {
  it('has an edge for every transition, and a breach that only notifies stays in its state', () => {
    const graph = graphOf(`  a:
    tier: L1
    sla: { due: 1h, on_breach: notify }
    on: { GO: b, BACK: done }
  b:
    tier: L1
    after: { 1d: done }
  done: { final: true }`);
    expect(graph).to.deep.equal({ a: ['a', 'b', 'done'], b: ['done'], done: [] });
  });

  it('leaves out transitions to unknown states, even one of several guarded ones of an event', () => {
    const graph = graphOf(`  a:
    tier: L1
    on:
      GO: b
      BACK:
        - { target: nowhere, when: { field: note, exists: true } }
        - { target: b }
  b: { tier: L1, on: { GO: a } }`);
    expect(graph).to.deep.equal({ a: ['b'], b: ['a'] });
  });

  it('leaves out a timeout to an unknown state and keeps the other timeouts', () => {
    const graph = graphOf(`  a:
    tier: L1
    after: { 1d: b, 2d: gone }
  b: { tier: L1, after: { 1d: a } }`);
    expect(graph).to.deep.equal({ a: ['b'], b: ['a'] });
  });

  it('leaves out a breach that goes to an unknown state', () => {
    const graph = graphOf(`  a:
    tier: L1
    sla: { due: 1h, on_breach: { goto: lost } }
    on: { GO: done }
  done: { final: true }`);
    expect(graph).to.deep.equal({ a: ['done'], done: [] });
  });

  it('keeps a breach that goes to a known state when it sanitizes a flow', () => {
    // The unknown target of `a` makes the flow need sanitizing; the breach of `b` is fine as written.
    const graph = graphOf(`  a: { tier: L1, on: { GO: done, BACK: nowhere } }
  b:
    tier: L1
    sla: { due: 1h, on_breach: { goto: c } }
    on: { GO: done }
  c: { tier: L1, on: { GO: done } }
  done: { final: true }`);
    expect(graph).to.deep.equal({ a: ['done'], b: ['c', 'done'], c: ['done'], done: [] });
  });

  it('leaves out a timeout whose delay is not a duration and keeps the others', () => {
    const graph = graphOf(`  a:
    tier: L1
    on: { GO: done }
    after: { soon: b, 2d: c }
  b: { tier: L1, on: { GO: done } }
  c: { tier: L1, on: { GO: done } }
  done: { final: true }`);
    expect(graph).to.deep.equal({ a: ['c', 'done'], b: ['done'], c: ['done'], done: [] });
  });

  it('keeps both of two timeouts with the same delay, where XState would keep only the last', () => {
    const graph = graphOf(`  a: { tier: L1, after: { 1d: b, 24h: a } }
  b: { tier: L1, after: { 1d: a, 24h: b } }`);
    expect(graph).to.deep.equal({ a: ['a', 'b'], b: ['a', 'b'] });
  });

  it('leaves out transitions to unknown states when no transition of the flow goes to a known one', () => {
    // Only `b` has a known target, and only in `after:`: a check that looked for known targets
    // of `on:` instead of unknown ones would find none and hand XState the unknown target.
    const graph = graphOf(`  a: { tier: L1, on: { GO: nowhere, BACK: [{ target: gone }] } }
  b: { tier: L1, after: { 1d: a } }`);
    expect(graph).to.deep.equal({ a: [], b: ['a'] });
  });

  it('leaves out timeouts to unknown states when no timeout of the flow goes to a known one', () => {
    const graph = graphOf(`  a: { tier: L1, after: { 1d: gone, 2d: lost } }
  b: { tier: L1, on: { GO: a } }`);
    expect(graph).to.deep.equal({ a: [], b: ['a'] });
  });

  it('leaves out a timeout that is not a duration when every state also has one that is', () => {
    const graph = graphOf(`  a: { tier: L1, after: { soon: b, 2d: c } }
  b: { tier: L1, after: { 1d: a } }
  c: { tier: L1, after: { 1d: a } }`);
    expect(graph).to.deep.equal({ a: ['c'], b: ['a'], c: ['a'] });
  });

  it('gives a final state no edges, neither from on: nor from after:', () => {
    expect(graphOf(`  a: { tier: L1 }
  end: { final: true, on: { BACK: a } }`)).to.deep.equal({ a: [], end: [] });
    expect(graphOf(`  a: { tier: L1 }
  end: { final: true, after: { 1d: a } }`)).to.deep.equal({ a: [], end: [] });
  });
});

describe('the machine the state graph is read from', () => {
  it('is compiled from a clean flow itself, so the caller of lint gets that machine without compiling again', () => {
    const definition = flowFromYaml(`id: clean
version: 1
title: Clean
sla: { resolution: 1d }
events: { GO: {} }
states:
  a: { tier: L1, on: { GO: done }, after: { 1d: done } }
  done: { final: true }
`);
    flowGraph(definition);
    // A copy has the same content, so it gets the machine lint compiled from the content cache.
    const linted = compileMachine(structuredClone(definition));
    // The content cache keeps 256 flows; 300 others push this one out of it. Only the
    // definition object itself still holds its machine, and only if lint compiled that object
    // rather than a sanitized copy of it.
    for (let i = 0; i < 300; i++) compileMachine({ ...definition, id: `other-${i}` });
    expect(compileMachine(definition)).to.equal(linted);
  });
});

describe('walking the state graph', () => {
  // a -> b -> c, and d -> c: c is reachable from a, and a, b and d can reach c.
  const graph = (): StateGraph =>
    new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set<string>()],
      ['d', new Set(['c'])],
    ]);

  it('finds the states reachable from a start, the start included', () => {
    expect([...reachableFrom(graph(), 'a')].sort()).to.deep.equal(['a', 'b', 'c']);
    expect([...reachableFrom(graph(), 'd')].sort()).to.deep.equal(['c', 'd']);
  });

  it('reaches only itself from a start the graph does not have', () => {
    expect([...reachableFrom(graph(), 'x')]).to.deep.equal(['x']);
  });

  it('finds the states that can reach a goal, the goals included', () => {
    expect([...canReach(graph(), ['c'])].sort()).to.deep.equal(['a', 'b', 'c', 'd']);
    expect([...canReach(graph(), ['b', 'd'])].sort()).to.deep.equal(['a', 'b', 'd']);
  });
});
