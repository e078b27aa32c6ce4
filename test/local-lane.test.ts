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

describe('LocalLane: local activities one at a time, inside the workflow task', () => {
  it('starts the next local work only after the previous one finished, in the order asked', async () => {
    const lane = new LocalLane(() => 1000, 3000, 6000);
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
    const lane = new LocalLane(() => 1000, 3000, 6000);
    const slowFallback = deferred<string>();
    const a = lane.run(async () => Promise.reject(new Error('timed out')), () => slowFallback.promise);
    const b = lane.run(async () => 'b', async () => 'fallback b');
    expect(await b).to.equal('b');
    slowFallback.resolve('durable a');
    expect(await a).to.equal('durable a');
  });

  it('falls back once local work would run past the workflow task\'s budget, and starts afresh in the next task', async () => {
    // Workflow time within a task moves only as local activities finish.
    let now = 1000;
    const lane = new LocalLane(() => now, 3000, 6000);
    const used: string[] = [];
    const run = (name: string, takes: number) =>
      lane.run(
        async () => {
          used.push(`local ${name}`);
          await Promise.resolve();
          now += takes;
          return name;
        },
        async () => (used.push(`fallback ${name}`), name),
      );
    // 2 s + 1.5 s used: a third attempt that may take 3 s would end at 6.5 s, past the 6 s budget.
    await Promise.all([run('a', 2000), run('b', 1500), run('c', 100)]);
    expect(used).to.deep.equal(['local a', 'local b', 'fallback c']);
    now += 5000; // the next workflow task
    await run('d', 100);
    expect(used.at(-1)).to.equal('local d');
  });

  it('measured in workflow time (runs from before the patch): counts the chain from the first local work of the task', async () => {
    let now = 1000;
    const lane = new LocalLane(() => now, 3000, 6000, () => false);
    const used: string[] = [];
    const step = async (name: string) => {
      used.push(await lane.run(async () => ((now += 3500), `local ${name}`), async () => `fallback ${name}`));
    };
    // Each step asks only after the previous one finished (a pick, then the step's messages), in one
    // task: the lane is idle in between, but the time is the pick's end, so the chain goes on.
    await step('pick');
    await step('messages');
    expect(used).to.deep.equal(['local pick', 'fallback messages']);
  });

  /** One task's local work: a pick, then the step's messages, then one more batch; the clock as the workflow sees it. */
  async function oneTask(clock: { now: number; afterFirst?: number }, countsAttempts: boolean): Promise<string[]> {
    const lane = new LocalLane(() => clock.now, 3000, 6000, () => countsAttempts);
    const used: string[] = [];
    for (const name of ['pick', 'messages', 'more']) {
      used.push(
        await lane.run(
          async () => {
            // The SDK extended the task while the first attempt ran: live, the next activation shows the extension's start.
            if (name === 'pick' && clock.afterFirst !== undefined) clock.now = clock.afterFirst;
            return `local ${name}`;
          },
          async () => `fallback ${name}`,
        ),
      );
    }
    return used;
  }

  it('decides the same on replay as live when the SDK extended the task (the budget counts attempts)', async () => {
    // Live: the task began at 1000 and was extended at 5000 while the pick ran; a replay sees 5000 throughout.
    const live = await oneTask({ now: 1000, afterFirst: 5000 }, true);
    const replay = await oneTask({ now: 5000 }, true);
    expect(live).to.deep.equal(['local pick', 'local messages', 'fallback more']);
    expect(replay).to.deep.equal(live);
  });

  it('a budget measured in workflow time decides differently on replay: the defect the attempt count fixes', async () => {
    const live = await oneTask({ now: 1000, afterFirst: 5000 }, false);
    const replay = await oneTask({ now: 5000 }, false);
    expect(live).to.deep.equal(['local pick', 'fallback messages', 'fallback more']);
    expect(replay).to.deep.equal(['local pick', 'local messages', 'local more']);
  });
});
