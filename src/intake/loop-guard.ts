import type { InboundMail } from './inbound-mail';

/** What the loop guard decided about a mail, with the reason written to the log or the timeline. */
export type LoopVerdict =
  | { kind: 'accept' }
  /** Machine-written mail (auto-reply, list, receipt, our own): no ticket, no acknowledgement. */
  | { kind: 'automatic'; reason: string }
  /** A delivery failure report: recorded on the ticket whose mail bounced, never a ticket of its own. */
  | { kind: 'bounce'; reason: string; bouncedMessageIds: string[]; failedRecipients: string[] };

/** Local parts that only machines write from. */
const DAEMON_SENDERS = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon|bounces?|noreply-dmarc-support)(\+.*)?$/i;

/**
 * Decides whether a mail may open a ticket or be acknowledged (RFC 3834 and the headers mail
 * systems actually write). The first rule that applies gives the reason. Pure: every input is in
 * the mail; `ownAddresses` are the intake's and the sender's own addresses, lower-cased.
 */
export function loopVerdict(mail: InboundMail, ownAddresses: ReadonlySet<string>): LoopVerdict {
  const header = (name: string): string | undefined => mail.headers[name];
  const localPart = mail.from.address.split('@')[0] ?? '';

  if (mail.contentType === 'multipart/report' && (mail.reportType ?? 'delivery-status') === 'delivery-status') {
    return bounce(mail, 'a delivery status report (multipart/report)');
  }
  if (DAEMON_SENDERS.test(localPart) && (mail.attachments.some((a) => a.contentType.startsWith('message/')) || header('x-failed-recipients'))) {
    return bounce(mail, `a delivery failure from ${mail.from.address}`);
  }
  if (mail.contentType === 'multipart/report') return { kind: 'automatic', reason: `a ${mail.reportType ?? 'machine'} report (multipart/report)` };
  if (DAEMON_SENDERS.test(localPart)) return { kind: 'automatic', reason: `sent by a mail system (${mail.from.address})` };
  if (ownAddresses.has(mail.from.address)) return { kind: 'automatic', reason: `sent from our own address ${mail.from.address}` };
  const autoSubmitted = header('auto-submitted')?.toLowerCase().split(/[;\s]/)[0];
  if (autoSubmitted && autoSubmitted !== 'no') return { kind: 'automatic', reason: `Auto-Submitted: ${autoSubmitted}` };
  const precedence = header('precedence')?.toLowerCase().trim();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return { kind: 'automatic', reason: `Precedence: ${precedence}` };
  if (header('x-auto-response-suppress') !== undefined) return { kind: 'automatic', reason: 'X-Auto-Response-Suppress is set (an automatic Exchange message)' };
  if (header('list-id') !== undefined) return { kind: 'automatic', reason: `a mailing list message (List-Id: ${header('list-id')})` };
  if (header('list-unsubscribe') !== undefined) return { kind: 'automatic', reason: 'a bulk message (List-Unsubscribe)' };
  if (header('x-autoreply') !== undefined || header('x-autorespond') !== undefined) return { kind: 'automatic', reason: 'marked as an auto-reply (X-Autoreply)' };
  return { kind: 'accept' };
}

function bounce(mail: InboundMail, reason: string): LoopVerdict {
  const ids = new Set<string>();
  const recipients = new Set<string>();
  // mailparser folds a message/delivery-status part into the text, some mailers attach it: read both.
  const statusTexts = [mail.text, ...mail.attachments.filter((a) => a.contentType === 'message/delivery-status').map((a) => a.content.toString('utf8'))];
  for (const text of statusTexts) {
    // Per-recipient blocks: the ones whose Action is "failed" (RFC 3464).
    for (const block of text.split(/\r?\n\r?\n/)) {
      const recipient = /^final-recipient:\s*rfc822;\s*<?([^\s>]+@[^\s>]+)>?/im.exec(block)?.[1];
      const action = /^action:\s*(\S+)/im.exec(block)?.[1]?.toLowerCase();
      if (recipient && (action === undefined || action === 'failed')) recipients.add(recipient.toLowerCase());
    }
  }
  for (const attachment of mail.attachments) {
    if (/^(message\/rfc822|text\/rfc822-headers|message\/rfc822-headers|message\/global)/.test(attachment.contentType)) {
      const headerBlock = attachment.content.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '';
      for (const m of headerBlock.matchAll(/^(?:message-id|references|in-reply-to):((?:.*)(?:\r?\n[ \t].*)*)/gim)) {
        for (const id of (m[1] ?? '').matchAll(/<([^<>\s]+)>/g)) ids.add(id[1]!);
      }
    }
  }
  for (const id of [...mail.inReplyTo, ...mail.references]) ids.add(id);
  // Some mail systems quote the original only in the text: our own ids are recognisable there.
  for (const m of mail.text.matchAll(/<([^<>\s]*\.sopflow@[^<>\s]+)>/g)) ids.add(m[1]!);
  for (const value of (mail.headers['x-failed-recipients'] ?? '').split(',')) {
    if (value.includes('@')) recipients.add(value.trim().toLowerCase());
  }
  return { kind: 'bounce', reason, bouncedMessageIds: [...ids], failedRecipients: [...recipients] };
}
