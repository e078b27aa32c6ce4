import { expect } from 'chai';
import type { NotificationOutcome } from '../src/activities/ticket-activities';
import type { NotificationRequest } from '../src/notify/notification-request';
import { NotificationQueue } from '../src/workflows/notification-queue';

function message(key: string): NotificationRequest {
  return { idempotencyKey: key, kind: 'status_changed', audience: 'customer' } as NotificationRequest;
}

const tick = () => new Promise((done) => setImmediate(done));

describe('NotificationQueue: a ticket\'s messages in order, in batches', () => {
  it('sends what queued up while a batch was on its way as one next batch, in order', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const first = new Promise<void>((done) => (release = done));
    const queue = new NotificationQueue(
      async (batch) => {
        batches.push(batch.map((request) => request.idempotencyKey));
        if (batches.length === 1) await first;
        return batch.map((request) => ({ idempotencyKey: request.idempotencyKey }));
      },
      () => expect.fail('nothing is refused'),
    );
    queue.add([message('1a'), message('1b')]);
    await tick();
    queue.add([message('2a')]);
    queue.add([message('3a'), message('3b')]);
    await tick();
    expect(batches).to.deep.equal([['1a', '1b']]);
    release();
    await queue.drained();
    expect(batches).to.deep.equal([['1a', '1b'], ['2a', '3a', '3b']]);
  });

  it('reports each message refused for good, and a batch out of retries as refused as a whole', async () => {
    const refused: string[] = [];
    let calls = 0;
    const queue = new NotificationQueue(
      async (batch): Promise<NotificationOutcome[]> => {
        calls += 1;
        if (calls === 2) throw new Error('not delivered within 3 days');
        return batch.map((request) => (request.idempotencyKey === 'bad' ? { idempotencyKey: 'bad', failed: '550 no such user' } : { idempotencyKey: request.idempotencyKey }));
      },
      (request, reason) => refused.push(`${request.idempotencyKey}: ${reason}`),
    );
    queue.add([message('ok'), message('bad')]);
    await queue.drained();
    queue.add([message('late1'), message('late2')]);
    await queue.drained();
    expect(refused).to.deep.equal(['bad: 550 no such user', 'late1: not delivered within 3 days', 'late2: not delivered within 3 days']);
  });

  it('drained() also waits for messages queued by a refusal (the team alert)', async () => {
    const sent: string[] = [];
    const queue: NotificationQueue = new NotificationQueue(
      async (batch) => {
        sent.push(...batch.map((request) => request.idempotencyKey));
        return batch.map((request) => (request.idempotencyKey === 'bad' ? { idempotencyKey: 'bad', failed: 'refused' } : { idempotencyKey: request.idempotencyKey }));
      },
      () => queue.add([message('alert')]),
    );
    queue.add([message('bad')]);
    await queue.drained();
    expect(sent).to.deep.equal(['bad', 'alert']);
  });
});
