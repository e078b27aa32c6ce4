import { expect } from 'chai';
import { ApplicationFailure } from '@temporalio/common';
import { createTicketActivities } from '../src/activities/ticket-activities';
import type { NotificationRequest, NotificationResult } from '../src/notify/notification-request';

function message(key: string): NotificationRequest {
  return { idempotencyKey: key, kind: 'status_changed', audience: 'customer' } as NotificationRequest;
}

const delivered = (request: NotificationRequest): NotificationResult => ({ delivered: [{ channel: 'test', recipient: request.idempotencyKey }], skipped: [] });
const pickNobody = async () => ({ why: 'not under test' });

describe('deliverNotifications: one batch of a ticket\'s messages', () => {
  it('reports a permanent refusal per message and goes on with the rest', async () => {
    const sent: string[] = [];
    const activities = createTicketActivities({
      pickAssignee: pickNobody,
      reportOwner: async () => undefined,
      async notify(request) {
        if (request.idempotencyKey === 'bad') throw ApplicationFailure.nonRetryable('550 no such user', 'PermanentDeliveryFailure');
        sent.push(request.idempotencyKey);
        return delivered(request);
      },
    });
    const outcomes = await activities.deliverNotifications([message('a'), message('bad'), message('c')]);
    expect(outcomes).to.deep.equal([{ idempotencyKey: 'a' }, { idempotencyKey: 'bad', failed: '550 no such user' }, { idempotencyKey: 'c' }]);
    expect(sent).to.deep.equal(['a', 'c']);
  });

  it('stops at a transient failure and fails the batch, so the retry keeps the order', async () => {
    const sent: string[] = [];
    const activities = createTicketActivities({
      pickAssignee: pickNobody,
      reportOwner: async () => undefined,
      async notify(request) {
        if (request.idempotencyKey === 'b') throw ApplicationFailure.create({ message: 'connection refused', type: 'TransientDeliveryFailure' });
        sent.push(request.idempotencyKey);
        return delivered(request);
      },
    });
    let failure: unknown;
    await activities.deliverNotifications([message('a'), message('b'), message('c')]).catch((error: unknown) => (failure = error));
    expect((failure as ApplicationFailure).message).to.equal('connection refused');
    expect(sent).to.deep.equal(['a']);
  });

  it('lets a second delivery of the same message wait for one still under way in this process', async () => {
    const events: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((done) => (release = done));
    let calls = 0;
    const activities = createTicketActivities({
      pickAssignee: pickNobody,
      reportOwner: async () => undefined,
      async notify(request) {
        calls += 1;
        const call = calls;
        events.push(`start ${call}`);
        if (call === 1) await slow;
        events.push(`end ${call}`);
        return delivered(request);
      },
    });
    const first = activities.deliverNotifications([message('same')]);
    const second = activities.deliverNotifications([message('same')]);
    await new Promise((done) => setImmediate(done));
    expect(events).to.deep.equal(['start 1']);
    release();
    await Promise.all([first, second]);
    expect(events).to.deep.equal(['start 1', 'end 1', 'start 2', 'end 2']);
  });
});
