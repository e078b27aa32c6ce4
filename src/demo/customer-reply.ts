import nodemailer from 'nodemailer';
import type { SunkMail } from './mail-sink';

/**
 * The demo customer answers the newest mail sopflow sent them, as a mail client would: to the
 * intake address over SMTP, with In-Reply-To and References naming that mail, the quote below.
 * Returns the intake listener's reply line ("OK added to SOP-…").
 */
export async function sendCustomerReply(options: { port: number; intakeAddress: string; from: string; answering: SunkMail; text: string }): Promise<string> {
  const id = /^Message-ID:\s*(<[^>]+>)/im.exec(options.answering.raw)?.[1];
  const quoted = options.answering.raw.split(/\r?\n\r?\n/).slice(1).join('\n').split('\n').slice(0, 6).map((line) => `> ${line}`).join('\n');
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: options.port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({
      from: options.from,
      to: options.intakeAddress,
      subject: `AW: ${options.answering.subject}`,
      text: `${options.text}\n\nAm ${new Date().toLocaleDateString('de-DE')} schrieb Servicedesk <${options.intakeAddress}>:\n${quoted}\n`,
      ...(id ? { inReplyTo: id, references: [id] } : {}),
    });
    return info.response;
  } finally {
    transport.close();
  }
}
