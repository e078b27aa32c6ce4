import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { MalformedMailError, parseMail } from '../src/intake/parse-mail';
import { replyText } from '../src/intake/reply-text';
import { composeMail } from './helpers/compose-mail';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, 'fixtures', 'mail', name));

async function malformedReason(raw: string | Buffer): Promise<string> {
  try {
    await parseMail(Buffer.isBuffer(raw) ? raw : Buffer.from(raw));
  } catch (error) {
    expect(error).to.be.instanceOf(MalformedMailError);
    return (error as MalformedMailError).reason;
  }
  throw new Error('the mail was accepted');
}

describe('intake: parsing mail', () => {
  it('decodes an ISO-8859-2 quoted-printable mail with Polish letters in subject, sender name and body', async () => {
    const mail = await parseMail(fixture('iso-8859-2-qp.eml'));
    expect(mail.subject).to.equal('Zażółć gęślą jaźń');
    expect(mail.from).to.deep.equal({ address: 'pawel.malecki@klient.example.pl', name: 'Paweł Małecki' });
    expect(mail.text).to.contain('Dzień dobry, drukarka nie działa. ZAŻÓŁĆ GĘŚLĄ JAŹŃ.');
    expect(mail.messageId).to.equal('pl-1@klient.example.pl');
    expect(mail.language).to.equal('pl');
    expect(mail.date).to.equal('2026-12-01T09:00:00.000Z');
  });

  it('decodes UTF-8 base64 bodies and encoded-word subjects with German umlauts', async () => {
    const raw = await composeMail({
      subject: 'Störung: Drucker im Büro – Grüße aus Köln',
      text: 'Sehr geehrte Damen und Herren, der Drucker ist außer Betrieb. Übrigens: ÄÖÜ äöü ß.',
      textEncoding: 'base64',
      messageId: '<de-1@kunde.example>',
    });
    expect(raw.toString('latin1')).to.match(/Content-Transfer-Encoding: base64/i);
    expect(raw.toString('latin1')).to.match(/Subject: =\?UTF-8\?/i);
    const mail = await parseMail(raw);
    expect(mail.subject).to.equal('Störung: Drucker im Büro – Grüße aus Köln');
    expect(mail.text).to.contain('außer Betrieb. Übrigens: ÄÖÜ äöü ß.');
  });

  it('decodes UTF-8 quoted-printable bodies', async () => {
    const raw = await composeMail({ subject: 'Zgłoszenie', text: 'Proszę o pomoc: żółw, źdźbło, łąka.', textEncoding: 'quoted-printable' });
    expect(raw.toString('latin1')).to.match(/Content-Transfer-Encoding: quoted-printable/i);
    expect((await parseMail(raw)).text).to.contain('Proszę o pomoc: żółw, źdźbło, łąka.');
  });

  it('extracts the text of an HTML-only mail', async () => {
    const raw = await composeMail({ subject: 'HTML', html: '<html><body><h1>Guten Tag</h1><p>Mein <b>Zugang</b> geht nicht.</p><script>alert(1)</script></body></html>' });
    expect(raw.toString('latin1')).not.to.match(/text\/plain/);
    const mail = await parseMail(raw);
    expect(mail.text).to.match(/Guten Tag/i);
    expect(mail.text).to.contain('Zugang geht nicht.');
    expect(mail.text).not.to.contain('<b>');
  });

  it('keeps attachments with their names, types and sizes', async () => {
    const content = Buffer.alloc(1024 * 1024, 7);
    const mail = await parseMail(await composeMail({ subject: 'Log', text: 'anbei', attachments: [{ filename: 'trace.bin', content, contentType: 'application/octet-stream' }] }));
    expect(mail.attachments).to.have.length(1);
    expect(mail.attachments[0]!.filename).to.equal('trace.bin');
    expect(mail.attachments[0]!.size).to.equal(content.length);
    expect(mail.attachments[0]!.content.equals(content)).to.equal(true);
  });

  it('reads In-Reply-To and References as lists of ids without brackets', async () => {
    const mail = await parseMail(await composeMail({ subject: 'Re: x', text: 'y', inReplyTo: '<a@x.example>', references: ['<r1@x.example>', '<a@x.example>'] }));
    expect(mail.inReplyTo).to.deep.equal(['a@x.example']);
    expect(mail.references).to.deep.equal(['r1@x.example', 'a@x.example']);
  });

  it('gives a mail without Message-ID a stable id derived from its source, so dedupe still works', async () => {
    const raw = Buffer.from('From: a@kunde.example\r\nTo: servicedesk@musterfirma.example\r\nSubject: no id\r\n\r\nhello\r\n');
    const first = await parseMail(raw);
    const second = await parseMail(Buffer.from(raw));
    expect(first.messageIdDerived).to.equal(true);
    expect(first.messageId).to.equal(second.messageId);
  });

  it('refuses malformed mail with a reason that says what is wrong', async () => {
    expect(await malformedReason('')).to.equal('the message is empty');
    expect(await malformedReason('just some text\nwithout any header\n')).to.match(/no mail headers found/);
    expect(await malformedReason('To: servicedesk@musterfirma.example\r\nSubject: who?\r\n\r\nbody\r\n')).to.equal('no sender address (From) to answer to');
    expect(await malformedReason('From: a@kunde.example\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\nbody\r\n')).to.match(/multipart\/mixed without a boundary parameter/);
    expect(await malformedReason('From: a@kunde.example\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\nno parts here\r\n')).to.match(/boundary "b1" never occurs in the body/);
  });
});

describe('intake: reply text', () => {
  it('strips German, Polish and English quoted history and signatures', () => {
    expect(replyText('Hallo,\n\ndas Problem besteht weiterhin.\n\nAm 01.12.2026 um 10:00 schrieb Servicedesk <sd@x.example>:\n> Ihr Ticket\n')).to.equal('Hallo,\n\ndas Problem besteht weiterhin.');
    expect(replyText('Nadal nie działa.\n\nW dniu 1.12.2026 o 10:00 Servicedesk <sd@x.example> napisał(a):\n> Zgłoszenie\n')).to.equal('Nadal nie działa.');
    expect(replyText('Still broken.\n\nOn Tue, Dec 1, 2026 at 10:00 AM Desk <sd@x.example> wrote:\n> quoted\n')).to.equal('Still broken.');
    expect(replyText('Geht wieder.\n\n-----Ursprüngliche Nachricht-----\nVon: Desk\n\nalt')).to.equal('Geht wieder.');
  });

  it('keeps the whole text when everything is quoted, so nothing the customer wrote is lost', () => {
    expect(replyText('> only a quote\n> nothing new\n')).to.equal('> only a quote\n> nothing new');
  });
});
