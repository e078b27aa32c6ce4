import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { startImapSource } from '../src/intake/imap-source';
import type { ImapSource } from '../src/intake/imap-source';
import { ReviewStore } from '../src/intake/review-store';
import { startGreenMail } from '../src/servers';
import type { GreenMailHandle } from '../src/servers';
import { composeMail } from './helpers/compose-mail';
import { IntakeStack } from './helpers/intake-stack';

const BIN = resolve(__dirname, '../bin/sopflow.js');
const DESK = { login: 'servicedesk', password: 'desk-password', address: 'servicedesk@musterfirma.example' };

/** Delivers a mail into the GreenMail mailbox through GreenMail's own SMTP. */
async function deliver(greenMail: GreenMailHandle, raw: Buffer): Promise<void> {
  const transport = nodemailer.createTransport({ host: greenMail.host, port: greenMail.smtpPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from: 'sender@kunde.example', to: [DESK.address] }, raw });
  } finally {
    transport.close();
  }
}

/** Message counts per folder, read by a second IMAP client. */
async function counts(greenMail: GreenMailHandle, folders = ['INBOX', 'Processed', 'Failed', 'Review']): Promise<Record<string, number>> {
  const client = new ImapFlow({ host: greenMail.host, port: greenMail.imapPort, secure: false, auth: { user: DESK.login, pass: DESK.password }, logger: false });
  await client.connect();
  try {
    const out: Record<string, number> = {};
    const existing = new Set((await client.list()).map((box) => box.path));
    for (const folder of folders) out[folder] = existing.has(folder) ? ((await client.status(folder, { messages: true })) || { messages: 0 }).messages ?? 0 : 0;
    return out;
  } finally {
    await client.logout();
  }
}

async function until<T>(what: string, probe: () => Promise<T>, ready: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ready(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((done) => setTimeout(done, 300));
  }
}

describe('intake: an IMAP mailbox (GreenMail) read with imapflow', function () {
  this.timeout(300_000);
  const stack = new IntakeStack();
  let greenMail: GreenMailHandle;
  let lazy: ReturnType<IntakeStack['lazyTickets']>;
  let source: ImapSource | undefined;
  const lines: string[] = [];
  const startSource = (): ImapSource =>
    startImapSource({
      core: stack.core({ tickets: lazy.tickets }),
      review: new ReviewStore(join(stack.dir, 'review')),
      host: greenMail.host,
      port: greenMail.imapPort,
      secure: false,
      auth: { user: DESK.login, pass: DESK.password },
      mailbox: 'INBOX',
      processed: 'Processed',
      failed: 'Failed',
      reviewFolder: 'Review',
      pollMs: 500,
      stateFile: join(stack.dir, 'imap-state.json'),
      log: (line) => lines.push(line),
    });

  before(async () => {
    await stack.start();
    greenMail = await startGreenMail({ dir: join(stack.dir, 'greenmail'), users: [DESK] });
    lazy = stack.lazyTickets();
  });
  after(async () => {
    await source?.stop();
    await lazy?.close();
    await greenMail?.stop();
    await stack.stop();
  });

  it('tickets new mail and moves it to Processed only once Temporal accepted it; a malformed mail goes to Failed with its reason and blocks nothing', async () => {
    source = startSource();
    const from = `imap-new-${process.pid}@kunde.example`;
    await deliver(greenMail, Buffer.from('From: broken@kunde.example\r\nTo: servicedesk@musterfirma.example\r\nContent-Type: multipart/mixed\r\n\r\nno boundary\r\n'));
    await deliver(greenMail, await composeMail({ from, subject: 'Zażółć gęślą jaźń – drukarka', text: 'Drukarka nie działa.', messageId: `<imap-new-${process.pid}@kunde.example>` }));
    const after = await until('both mails filed', () => counts(greenMail), (c) => c['INBOX'] === 0 && c['Processed'] === 1 && c['Failed'] === 1);
    expect(after).to.deep.include({ INBOX: 0, Processed: 1, Failed: 1 });
    const [row] = await until('the ticket', () => stack.tickets.list(`SopCustomer = '${from}'`), (rows) => rows.length === 1);
    expect((await stack.tickets.status(row!.number)).subject).to.equal('Zażółć gęślą jaźń – drukarka');
    const reasons = readdirSync(join(stack.dir, 'review', 'failed')).filter((name) => name.endsWith('.txt'));
    expect(reasons).to.have.length(1);
    expect(lines.some((line) => /failed: malformed mail: multipart\/mixed without a boundary parameter/.test(line)), lines.join('\n')).to.equal(true);
  });

  it('keeps mail in the inbox while Temporal is down, and tickets each once when it is back', async () => {
    const before = await counts(greenMail);
    await stack.stopWorker();
    await stack.server.stop();
    const senders = [1, 2, 3].map((i) => `imap-down-${i}-${process.pid}@kunde.example`);
    for (const [i, from] of senders.entries()) {
      await deliver(greenMail, await composeMail({ from, subject: `Anfrage ${i}`, text: 'Während Temporal weg ist.', messageId: `<imap-down-${i}-${process.pid}@kunde.example>` }));
    }
    // Several polls pass while Temporal is away: nothing leaves the inbox.
    await new Promise((done) => setTimeout(done, 4000));
    expect(await counts(greenMail)).to.deep.include({ INBOX: 3, Processed: before['Processed'] });
    await stack.startServer();
    await stack.startWorker();
    await until('the inbox drained', () => counts(greenMail), (c) => c['INBOX'] === 0, 120_000);
    expect((await counts(greenMail))['Processed']).to.equal(before['Processed']! + 3);
    for (const from of senders) {
      const rows = await until(`ticket of ${from}`, () => stack.tickets.list(`SopCustomer = '${from}'`), (found) => found.length > 0);
      expect(rows, from).to.have.length(1);
      expect((await stack.tickets.timeline(rows[0]!.number)).filter((entry) => entry.kind === 'message'), from).to.have.length(1);
    }
  });

  it('loses and doubles nothing when `sopflow intake` is killed with SIGKILL mid-batch', async () => {
    await source?.stop();
    source = undefined;
    const before = await counts(greenMail);
    const senders = Array.from({ length: 8 }, (_, i) => `imap-kill-${i}-${process.pid}@kunde.example`);
    for (const [i, from] of senders.entries()) {
      await deliver(greenMail, await composeMail({ from, subject: `Störung ${i}`, text: 'Bitte prüfen.', messageId: `<imap-kill-${i}-${process.pid}@kunde.example>` }));
    }
    const config = join(stack.dir, 'intake-process.config.yaml');
    writeFileSync(
      config,
      `${(await import('node:fs')).readFileSync(stack.configPath(), 'utf8').replace(
        /\nintake:\n/,
        `\nintake:\n  imap:\n    host: ${greenMail.host}\n    port: ${greenMail.imapPort}\n    secure: false\n    auth: { user: ${DESK.login}, pass: "\${SOPFLOW_IMAP_PASSWORD}" }\n    pollSeconds: 1\n    stateFile: ${join(stack.dir, 'child-imap-state.json')}\n`,
      )}`,
    );
    const log = join(stack.dir, 'intake-process.log');
    const spawnIntake = (onLine: (line: string) => void): ChildProcess => {
      const child = spawn(process.execPath, [BIN, 'intake', '--config', config, '--flows', resolve(__dirname, '../flows')], {
        env: { ...process.env, TEMPORAL_ADDRESS: stack.server.address, SOPFLOW_IMAP_PASSWORD: DESK.password, SOPFLOW_INBOUND_SMTP_PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const read = (chunk: Buffer): void => {
        appendFileSync(log, chunk);
        for (const line of chunk.toString().split('\n')) if (line) onLine(line);
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      return child;
    };
    const first = spawnIntake(() => undefined);
    await until('the first mail handled', async () => (await counts(greenMail))['Processed']!, (processed) => processed > before['Processed']!, 60_000);
    first.kill('SIGKILL');
    await new Promise((done) => first.once('exit', done));
    const afterKill = await counts(greenMail);
    expect(afterKill['INBOX'], 'the kill landed mid-batch').to.be.greaterThan(0);
    const second = spawnIntake(() => undefined);
    try {
      await until('the inbox drained', () => counts(greenMail), (c) => c['INBOX'] === 0, 120_000);
    } finally {
      second.kill('SIGTERM');
      await new Promise((done) => second.once('exit', done));
    }
    expect((await counts(greenMail))['Processed']).to.equal(before['Processed']! + senders.length);
    for (const from of senders) {
      const rows = await until(`ticket of ${from}`, () => stack.tickets.list(`SopCustomer = '${from}'`), (found) => found.length > 0);
      expect(rows, from).to.have.length(1);
      expect((await stack.tickets.timeline(rows[0]!.number)).filter((entry) => entry.kind === 'message'), from).to.have.length(1);
    }
  });
});
