import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

/** A real RFC 5322 message as nodemailer builds it (encoded words, transfer encodings, multipart). */
export async function composeMail(options: Mail.Options): Promise<Buffer> {
  return new MailComposer({ from: 'Anna Kunde <anna@kunde.example>', to: 'servicedesk@musterfirma.example', ...options }).compile().build();
}
