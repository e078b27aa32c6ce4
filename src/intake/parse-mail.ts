import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { AddressObject, HeaderValue, ParsedMail } from 'mailparser';
import type { InboundMail, MailAddress, MailAttachment } from './inbound-mail';

/** Why a mail could not be read; it goes to the Failed folder (or gets a 550) with this reason. */
export class MalformedMailError extends Error {
  constructor(readonly reason: string) {
    super(`malformed mail: ${reason}`);
    this.name = 'MalformedMailError';
  }
}

/** Mail larger than this is refused before parsing (attachments have their own, smaller limit). */
export const MAX_MAIL_BYTES = 50 * 1024 * 1024;

/**
 * Parses a raw RFC 5322 message with mailparser (charsets such as ISO-8859-2, quoted-printable,
 * base64, encoded words, HTML-only bodies turned into text). mailparser is lenient by design; the
 * checks here refuse what would lose content or leave nobody to answer, with a reason.
 */
export async function parseMail(raw: Buffer): Promise<InboundMail> {
  if (raw.length === 0) throw new MalformedMailError('the message is empty');
  if (raw.length > MAX_MAIL_BYTES) throw new MalformedMailError(`the message is larger than ${MAX_MAIL_BYTES / 1024 / 1024} MB`);
  const headerEnd = headerBlockEnd(raw);
  const headerText = raw.subarray(0, headerEnd < 0 ? Math.min(raw.length, 64 * 1024) : headerEnd).toString('latin1');
  if (!/^[!-9;-~]+:/m.test(headerText)) throw new MalformedMailError('no mail headers found (expected lines such as "From: …")');

  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  } catch (error) {
    throw new MalformedMailError(`cannot be parsed: ${(error as Error).message}`);
  }
  const contentType = headerParams(parsed.headers.get('content-type'));
  if (contentType.value.startsWith('multipart/')) {
    const boundary = contentType.params['boundary'];
    if (!boundary) throw new MalformedMailError(`${contentType.value} without a boundary parameter: its parts cannot be told apart`);
    if (!raw.includes(`--${boundary}`, headerEnd < 0 ? 0 : headerEnd)) {
      throw new MalformedMailError(`the ${contentType.value} boundary "${boundary}" never occurs in the body: its parts are missing`);
    }
  }
  const from = addresses(parsed.from)[0];
  if (!from) throw new MalformedMailError('no sender address (From) to answer to');

  const headers: Record<string, string> = {};
  for (const line of parsed.headerLines) {
    const name = line.key.toLowerCase();
    if (headers[name] === undefined) headers[name] = line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
  }
  const ownId = parsed.messageId ? stripBrackets(parsed.messageId) : undefined;
  const language = headers['content-language']?.split(/[,;\s]/)[0]?.split('-')[0]?.toLowerCase();
  const reportType = contentType.params['report-type']?.toLowerCase();
  return {
    messageId: ownId ?? `derived.${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@sopflow.invalid`,
    messageIdDerived: ownId === undefined,
    inReplyTo: idList(parsed.inReplyTo),
    references: idList(parsed.references),
    from,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: (parsed.subject ?? '').normalize('NFC').trim(),
    text: (parsed.text ?? '').normalize('NFC'),
    ...(parsed.date && !Number.isNaN(parsed.date.getTime()) ? { date: parsed.date.toISOString() } : {}),
    headers,
    contentType: contentType.value || 'text/plain',
    ...(reportType ? { reportType } : {}),
    ...(language ? { language } : {}),
    attachments: parsed.attachments.map(
      (a): MailAttachment => ({ filename: a.filename ?? 'attachment', contentType: a.contentType.toLowerCase(), size: a.size ?? a.content.length, content: a.content }),
    ),
    raw,
  };
}

function headerBlockEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf < 0) return lf;
  if (lf < 0) return crlf;
  return Math.min(crlf, lf);
}

function headerParams(value: HeaderValue | undefined): { value: string; params: Record<string, string> } {
  if (value && typeof value === 'object' && 'value' in value && typeof value.value === 'string') {
    return { value: value.value.toLowerCase(), params: (value as { params?: Record<string, string> }).params ?? {} };
  }
  return { value: typeof value === 'string' ? value.toLowerCase() : '', params: {} };
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const out: MailAddress[] = [];
  const walk = (entries: AddressObject['value']): void => {
    for (const entry of entries) {
      if (entry.group) walk(entry.group);
      else if (entry.address && entry.address.includes('@')) {
        out.push({ address: entry.address.toLowerCase(), ...(entry.name ? { name: entry.name.normalize('NFC') } : {}) });
      }
    }
  };
  for (const object of list) walk(object.value);
  return out;
}

function stripBrackets(id: string): string {
  return id.trim().replace(/^<|>$/g, '');
}

function idList(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return [...text.matchAll(/<([^<>\s]+)>|([^<>\s]+@[^<>\s]+)/g)].map((m) => m[1] ?? m[2] ?? '').filter(Boolean);
}
