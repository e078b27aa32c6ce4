import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import nodemailer from 'nodemailer';
import { ReviewStore } from '../src/intake/review-store';
import { startSmtpSource } from '../src/intake/smtp-source';
import type { SmtpSource } from '../src/intake/smtp-source';
import { composeMail } from './helpers/compose-mail';
import { IntakeStack } from './helpers/intake-stack';

const INTAKE = 'servicedesk@musterfirma.example';

/** Sends a raw mail over real SMTP and returns the server's final reply, or the refusal. */
async function deliver(port: number, raw: Buffer, to = INTAKE): Promise<{ ok: boolean; code?: number; response: string }> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, socketTimeout: 120_000 });
  try {
    const info = await transport.sendMail({ envelope: { from: 'sender@kunde.example', to: [to] }, raw });
    return { ok: true, response: info.response };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string; message: string };
    return { ok: false, ...(e.responseCode ? { code: e.responseCode } : {}), response: e.response ?? e.message };
  } finally {
    transport.close();
  }
}

describe('intake: the SMTP listener over real SMTP', function () {
  this.timeout(240_000);
  const stack = new IntakeStack();
  let smtp: SmtpSource;
  let lazy: ReturnType<IntakeStack['lazyTickets']>;
  before(async () => {
    await stack.start();
    lazy = stack.lazyTickets();
    smtp = await startSmtpSource({
      core: stack.core({ tickets: lazy.tickets }),
      review: new ReviewStore(join(stack.dir, 'review')),
      host: '127.0.0.1',
      port: 0,
      addresses: [INTAKE],
      maxBytes: 5 * 1024 * 1024,
    });
  });
  after(async () => {
    await smtp?.close();
    await lazy?.close();
    await stack.stop();
  });

  it('answers 250 only once the ticket is open, naming it', async () => {
    const from = `smtp-new-${process.pid}@kunde.example`;
    const result = await deliver(smtp.port, await composeMail({ from, subject: 'Zugang zum Portal', text: 'Ich komme nicht rein.', messageId: `<smtp-new-${process.pid}@kunde.example>` }));
    expect(result.ok, result.response).to.equal(true);
    const number = /opened (SOP-\d{6}-[0-9A-Z]{5})/.exec(result.response)?.[1];
    expect(number, result.response).to.be.a('string');
    expect((await stack.tickets.status(number!)).subject).to.equal('Zugang zum Portal');
  });

  it('refuses recipients that are not intake addresses (never a relay)', async () => {
    const result = await deliver(smtp.port, await composeMail({ subject: 'x', text: 'y' }), 'someone@elsewhere.example');
    expect(result).to.include({ ok: false, code: 550 });
    expect(result.response).to.contain('no such intake address here');
  });

  it('keeps unreadable mail for review and answers 250, so it never blocks the sender', async () => {
    const result = await deliver(smtp.port, Buffer.from('From: a@kunde.example\r\nTo: servicedesk@musterfirma.example\r\nContent-Type: multipart/mixed\r\n\r\nbroken\r\n'));
    expect(result.response).to.contain('unreadable, kept for review');
    expect(readdirSync(join(stack.dir, 'review', 'failed')).filter((name) => name.endsWith('.txt'))).to.have.length(1);
  });

  it('answers 451 while Temporal is down, and tickets the retried mail once when it is back', async () => {
    const from = `smtp-down-${process.pid}@kunde.example`;
    const raw = await composeMail({ from, subject: 'Server down', text: 'Bitte dringend.', messageId: `<smtp-down-${process.pid}@kunde.example>` });
    await stack.stopWorker();
    await stack.server.stop();
    const refused = await deliver(smtp.port, raw);
    expect(refused).to.include({ ok: false, code: 451 });
    expect(refused.response).to.contain('try again later');
    await stack.startServer();
    await stack.startWorker();
    // The MTA retries (twice here: its first retry may race the server's start).
    const accepted = await deliver(smtp.port, raw);
    expect(accepted.ok, accepted.response).to.equal(true);
    const again = await deliver(smtp.port, raw);
    expect(again.response).to.match(/already (opened|added to) SOP-/);
    const rows = await stack.tickets.list(`SopCustomer = '${from}'`);
    expect(rows).to.have.length(1);
    const messages = (await stack.tickets.timeline(rows[0]!.number)).filter((entry) => entry.kind === 'message');
    expect(messages).to.have.length(1);
  });
});
