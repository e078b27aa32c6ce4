import { expect } from 'chai';
import { LocalLane } from '../src/workflows/local-lane';

/** A promise with its resolve and reject at hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((done) => setImmediate(done));

describe('LocalLane: local activities one at a time, a few per workflow task', () => {
  it('starts the next local work only after the previous one finished, in the order asked', async () => {
    const lane = new LocalLane(() => 1000, 5);
    const started: string[] = [];
    const first = deferred<string>();
    const a = lane.run(() => (started.push('a'), first.promise), async () => 'fallback a');
    const b = lane.run(async () => (started.push('b'), 'b'), async () => 'fallback b');
    await tick();
    expect(started).to.deep.equal(['a']);
    first.resolve('a');
    expect(await a).to.equal('a');
    expect(await b).to.equal('b');
    expect(started).to.deep.equal(['a', 'b']);
  });

  it('falls back when the local attempt fails, and later local work does not wait for the fallback', async () => {
    const lane = new LocalLane(() => 1000, 5);
    const slowFallback = deferred<string>();
    const a = lane.run(async () => Promise.reject(new Error('timed out')), () => slowFallback.promise);
    const b = lane.run(async () => 'b', async () => 'fallback b');
    expect(await b).to.equal('b');
    slowFallback.resolve('durable a');
    expect(await a).to.equal('durable a');
  });

  it('goes straight to the fallback once the budget of the current workflow task is spent, and renews it with the next task', async () => {
    let now = 1000;
    const lane = new LocalLane(() => now, 2);
    const used: string[] = [];
    const run = (name: string) => lane.run(async () => (used.push(`local ${name}`), name), async () => (used.push(`fallback ${name}`), name));
    await Promise.all([run('a'), run('b'), run('c')]);
    now = 2000; // workflow time moves only from one workflow task to the next
    await run('d');
    expect(used).to.deep.equal(['fallback c', 'local a', 'local b', 'local d']);
  });
});
