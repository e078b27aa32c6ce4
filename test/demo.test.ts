import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(__dirname, '../bin/sopflow.js');

/**
 * The main job (`npm start` runs `sopflow demo`), end to end in its own process on free ports:
 * dev server on SQLite, SMTP sink, worker, and the demo ticket L1 -> (SLA breach) L2 -> L3 -> resolved.
 */
describe('the embedded default (sopflow demo --once)', function () {
  this.timeout(240_000);

  it('drives the demo ticket L1 -> L2 by SLA breach -> L3 -> resolved, mailing the customer each step', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sopflow-demo-'));
    const output = await new Promise<string>((done, fail) => {
      execFile(
        process.execPath,
        [BIN, 'demo', '--once', '--data-dir', dataDir, '--port', '0', '--ui-port', '0', '--smtp-port', '0', '--web-port', '0', '--inbound-smtp-port', '0'],
        { encoding: 'utf8', timeout: 200_000 },
        (error, stdout, stderr) => (error ? fail(new Error(`${error.message}\n${stdout}\n${stderr}`)) : done(stdout)),
      );
    });
    const ticket = /demo ticket (SOP-\d{6}-[0-9A-Z]{5}) is resolved; SLA breached/.exec(output)?.[1];
    expect(ticket, output).to.be.a('string');
    const transitions = [...output.matchAll(/transition (\S+) (\S+) -> (\S+)/g)].map((match) => `${match[1]} ${match[2]}->${match[3]}`);
    expect(transitions).to.deep.equal([
      'ACCEPT received->l1_triage',
      'sla.breach l1_triage->l2_network',
      'ESCALATE l2_network->l3_provider',
      'RESOLVE l3_provider->resolved',
    ]);
    expect(output).to.match(/sla_breached clock l1_triage/);
    // The customer's reply by mail reached the ticket through the intake listener.
    expect(output).to.match(new RegExp(`SMTP: 250 OK added to ${ticket}`));
    expect(output).to.match(/message by customer \(replies to our mail about SOP-[^)]*\).*Seit 9 Uhr kommt bei mir auch keine Verbindung mehr zustande\./);

    const mailDir = join(dataDir, 'mail');
    const mails = readdirSync(mailDir).map((file) => readFileSync(join(mailDir, file), 'utf8'));
    const toCustomer = mails.filter((mail) => /^To: .*erika\.mustermann@kunde\.example/im.test(mail));
    for (const mail of mails) expect(/^Subject: (.*)$/im.exec(mail)?.[1]).to.contain(ticket);
    const kinds = toCustomer.map((mail) => /^X-Sopflow-Kind: (.*)$/im.exec(mail)?.[1]?.trim()).sort();
    expect(kinds).to.include.members(['received', 'status_changed', 'escalated', 'resolved']);
    expect(kinds.filter((kind) => kind === 'escalated')).to.have.length(2);
    expect(mails.some((mail) => /^X-Sopflow-Kind: sla_breached/im.test(mail)), 'the team hears of the breach').to.equal(true);
  });
});
