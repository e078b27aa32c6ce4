import { expect } from 'chai';
import { parseChaosOptions } from '../chaos/options';
import { runChaos } from '../chaos/run-chaos';

/*
 * The faults the chaos run (`npm run chaos`) found, in one short real run that fits in CI: a real
 * `sopflow worker` process SIGKILLed, the dev server stopped and started again on its SQLite
 * file, the SMTP server down for a while, and a client that gives up after 5 s and retries with
 * the same idempotency key. Judged like the long run, from the tickets' timelines and from what
 * the SMTP server received.
 */
describe('faults: a short chaos run on the dev server, a worker process and a real SMTP server', function () {
  this.timeout(900_000);

  it('leaves no ticket stuck, applies every event once, mails every message once, and assigns no owner after resolution', async () => {
    const options = parseChaosOptions(['--tickets', '4', '--in-flight', '4', '--kills', '1', '--smtp-outage-seconds', '10', '--server-down-seconds', '3', '--settle-seconds', '300', '--seed', '5', '--port-base', '0']);
    const lines: string[] = [];
    const { figures, extra } = await runChaos(options, (line) => lines.push(line));
    const context = `${JSON.stringify(figures)}\n${lines.join('\n')}`;
    // Every fault happened: a kill and its restart, the SMTP server down and back.
    expect(extra.workerStarts, context).to.be.at.least(2);
    expect(extra.smtpCameBack, context).to.equal(true);
    expect(figures.eventsSent, context).to.be.at.least(12);
    expect(figures.mailsExpected, context).to.be.at.least(12);
    expect(figures, context).to.include({
      ticketsFinal: 4,
      ticketsStuck: 0,
      eventsDoubled: 0,
      eventsLost: 0,
      eventsAppliedOnce: figures.eventsSent,
      mailsDuplicated: 0,
      mailsLost: 0,
      ownersAfterResolution: 0,
      ticketsNeverAssigned: 0,
      timelinesUnreadable: 0,
    });
  });
});
