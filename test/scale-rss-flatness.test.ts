import { expect } from 'chai';
import { rssFlatness } from '../bench/scale-bench';
import type { RssSample } from '../bench/scale-bench';

/** A trace a second apart while `tickets` open at `perSecond`, with RSS from `rssAt(open)`. */
function trace(tickets: number, perSecond: number, rssAt: (open: number, second: number) => number): RssSample[] {
  return Array.from({ length: Math.ceil(tickets / perSecond) }, (_, second) => {
    const open = Math.min(tickets, (second + 1) * perSecond);
    return { open, rssMb: rssAt(open, second) };
  });
}

const printed = (list: readonly RssSample[]): RssSample[] => [{ open: 0, rssMb: 400 }, ...list.filter((sample) => sample.open % 1000 === 0)];

describe('scale bench: is the worker memory flat once the cache is full', () => {
  it('calls a sawtooth flat: the heap rises to a collection and falls, bounded by the cache', () => {
    // 1.0 to 1.6 GB, a collection every 20 s, from 1,000 open on: the shape the 10,000 run showed.
    const sawtooth = trace(10_000, 30, (open, second) => (open < 1000 ? 400 + 0.4 * open : 1000 + 30 * (second % 20)));
    const result = rssFlatness(printed(sawtooth), sawtooth, 1000, 1000);
    expect(result.flat).to.equal(true);
    expect(result.text).to.match(/^peak 1570 MB from 2010 to \d+ open \(cache full\), peak 1570 MB from \d+ to 10000 \(\+0\.0%; lowest 1000 and 1000 MB;/);
  });

  it('calls memory that grows with the open tickets not flat, even under the sawtooth', () => {
    // 100 KB more for every ticket opened: 1 GB at 10,000, under the same sawtooth.
    const leaking = trace(10_000, 30, (open, second) => 800 + 0.1 * open + 30 * (second % 20));
    const result = rssFlatness(printed(leaking), leaking, 1000, 1000);
    expect(result.flat).to.equal(false);
    expect(result.text).to.match(/\(\+\d+\.\d%; lowest \d+ and \d+ MB; \d+ samples a second apart\)$/);
  });

  it('does not judge a run whose cache never filled, and measures the memory per cached ticket', () => {
    const small = trace(500, 50, (open) => 400 + 0.5 * open);
    const result = rssFlatness(printed(small), small, 1000, 100);
    expect(result.flat).to.equal(undefined);
    const filling = trace(3000, 30, (open) => 400 + 0.4 * Math.min(open, 1000));
    expect(rssFlatness(printed(filling), filling, 1000, 1000).mbPerCachedTicket).to.be.closeTo(0.4, 1e-9);
  });
});
