import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { E2eStack } from './helpers/e2e-stack';

describe('a client whose Temporal server goes down while it waits for an answer', function () {
  this.timeout(240_000);
  const stack = new E2eStack();

  before(async () => {
    await stack.start();
  });
  after(async () => {
    await stack.stop();
  });

  it('says the server did not answer (not that no worker did), and that a retry with the same key is safe', async () => {
    const opened = await stack.cli('start', 'it-desk-incident', '--customer', 'C-OUT-1', '--subject', 'Drucker', '--json');
    expect(opened.code, opened.stderr).to.equal(0);
    const { number } = JSON.parse(opened.stdout) as { number: string };
    // No worker runs: the update waits, and the server goes away while it does (the wait leaves a
    // slow machine time to start the CLI and connect; the answer timeout is well after it).
    const sending = stack.cliWith({ SOPFLOW_UPDATE_TIMEOUT_MS: '30000' }, 'send', number, 'ACCEPT', '--idempotency-key', 'outage-accept');
    await sleep(12_000);
    await stack.server.stop();
    const result = await sending;
    expect(result.code).to.equal(1);
    const [line, ...rest] = result.stderr.split('\n');
    // Either the SDK's call broke off when the server went away, or the answer timeout ran out.
    expect(line).to.be.oneOf([
      'error: the Temporal server stopped answering while the request waited for an answer; the request is not confirmed',
      'error: the Temporal server did not answer within 30 s; the request is not confirmed',
    ]);
    expect(rest.join('\n')).to.contain('retry with the same idempotency key');
    expect(result.stderr).not.to.contain('no worker');
  });
});
